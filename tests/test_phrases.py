"""Phrase packs: every pack complete and checked, every phrase with a number said right in German, Spanish, French."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml

from helpers import SEED
from voiceguide.coaching import compile_routine
from voiceguide.coaching.words import Words
from voiceguide.phrases import (
    CATALOGUE,
    Entry,
    PackError,
    PhraseError,
    languages,
    load_pack,
    parse_phrase,
    plurals,
    render,
)
from voiceguide.phrases.listing import phrase_listing
from voiceguide.phrases.packs import read_pack
from voiceguide.routine import load_collection

NUMBERS = (0, 1, 2, 5, 21, 101)
TEXT = {"amount": "AMOUNT", "parts": "PARTS", "section": "SECTION", "side": "right", "label": "LABEL"}

# Every spoken phrase that takes a number, said with 0, 1, 2, 5, 21 and 101 (a range from n to n + 1; "set n of
# total" with n = total, so both numbers show their form). Read by a person, not made by the code it checks:
# "eine Wiederholung", "einundzwanzig Wiederholungen"; "una serie", "veintiuna series"; "vingt et une secondes".
TABLE = {
    "de": """
length
    0  Dieses Training dauert weniger als eine Minute.
    1  Dieses Training dauert etwa eine Minute.
    2  Dieses Training dauert etwa zwei Minuten.
    5  Dieses Training dauert etwa fünf Minuten.
   21  Dieses Training dauert etwa einundzwanzig Minuten.
  101  Dieses Training dauert etwa hundertein Minuten.
end
    0  Training beendet. Das war weniger als eine Minute. Gut gemacht.
    1  Training beendet. Das war etwa eine Minute. Gut gemacht.
    2  Training beendet. Das waren etwa zwei Minuten. Gut gemacht.
    5  Training beendet. Das waren etwa fünf Minuten. Gut gemacht.
   21  Training beendet. Das waren etwa einundzwanzig Minuten. Gut gemacht.
  101  Training beendet. Das waren etwa hundertein Minuten. Gut gemacht.
reps
    0  null Wiederholungen
    1  eine Wiederholung
    2  zwei Wiederholungen
    5  fünf Wiederholungen
   21  einundzwanzig Wiederholungen
  101  hundertein Wiederholungen
rep_range
    0  null bis eine Wiederholungen
    1  ein bis zwei Wiederholungen
    2  zwei bis drei Wiederholungen
    5  fünf bis sechs Wiederholungen
   21  einundzwanzig bis zweiundzwanzig Wiederholungen
  101  hundertein bis hundertzwei Wiederholungen
breaths
    0  null tiefe Atemzüge
    1  einen tiefen Atemzug
    2  zwei tiefe Atemzüge
    5  fünf tiefe Atemzüge
   21  einundzwanzig tiefe Atemzüge
  101  hundertein tiefe Atemzüge
phases
    0  in null Teilen: PARTS
    1  in einem Teil: PARTS
    2  in zwei Teilen: PARTS
    5  in fünf Teilen: PARTS
   21  in einundzwanzig Teilen: PARTS
  101  in hundertein Teilen: PARTS
sets_of_reps
    0  null Sätze mit je AMOUNT
    1  ein Satz mit je AMOUNT
    2  zwei Sätze mit je AMOUNT
    5  fünf Sätze mit je AMOUNT
   21  einundzwanzig Sätze mit je AMOUNT
  101  hundertein Sätze mit je AMOUNT
sets_of_work
    0  null Sätze: AMOUNT
    1  ein Satz: AMOUNT
    2  zwei Sätze: AMOUNT
    5  fünf Sätze: AMOUNT
   21  einundzwanzig Sätze: AMOUNT
  101  hundertein Sätze: AMOUNT
seconds
    0  null Sekunden
    1  eine Sekunde
    2  zwei Sekunden
    5  fünf Sekunden
   21  einundzwanzig Sekunden
  101  hundertein Sekunden
half_seconds
    0  eine halbe Sekunde
    1  eineinhalb Sekunden
    2  zweieinhalb Sekunden
    5  fünfeinhalb Sekunden
   21  einundzwanzigeinhalb Sekunden
  101  hunderteineinhalb Sekunden
minutes
    0  null Minuten
    1  eine Minute
    2  zwei Minuten
    5  fünf Minuten
   21  einundzwanzig Minuten
  101  hundertein Minuten
number_range
    0  null bis eins
    1  ein bis zwei
    2  zwei bis drei
    5  fünf bis sechs
   21  einundzwanzig bis zweiundzwanzig
  101  hundertein bis hundertzwei
alternating_count
    0  Rechts, null.
    1  Rechts, eins.
    2  Rechts, zwei.
    5  Rechts, fünf.
   21  Rechts, einundzwanzig.
  101  Rechts, hunderteins.
set
    0  Satz null von null.
    1  Satz eins von eins.
    2  Satz zwei von zwei.
    5  Satz fünf von fünf.
   21  Satz einundzwanzig von einundzwanzig.
  101  Satz hunderteins von hunderteins.
next_set
    0  Als Nächstes: Satz null von null.
    1  Als Nächstes: Satz eins von eins.
    2  Als Nächstes: Satz zwei von zwei.
    5  Als Nächstes: Satz fünf von fünf.
   21  Als Nächstes: Satz einundzwanzig von einundzwanzig.
  101  Als Nächstes: Satz hunderteins von hunderteins.
round
    0  Runde null von null.
    1  Runde eins von eins.
    2  Runde zwei von zwei.
    5  Runde fünf von fünf.
   21  Runde einundzwanzig von einundzwanzig.
  101  Runde hunderteins von hunderteins.
next_round
    0  Als Nächstes: Runde null von null.
    1  Als Nächstes: Runde eins von eins.
    2  Als Nächstes: Runde zwei von zwei.
    5  Als Nächstes: Runde fünf von fünf.
   21  Als Nächstes: Runde einundzwanzig von einundzwanzig.
  101  Als Nächstes: Runde hunderteins von hunderteins.
next_section_round
    0  Als Nächstes: SECTION, Runde null von null.
    1  Als Nächstes: SECTION, Runde eins von eins.
    2  Als Nächstes: SECTION, Runde zwei von zwei.
    5  Als Nächstes: SECTION, Runde fünf von fünf.
   21  Als Nächstes: SECTION, Runde einundzwanzig von einundzwanzig.
  101  Als Nächstes: SECTION, Runde hunderteins von hunderteins.
count
    0  null
    1  eins
    2  zwei
    5  fünf
   21  einundzwanzig
  101  hunderteins
countdown
    0  null
    1  eins
    2  zwei
    5  fünf
   21  einundzwanzig
  101  hunderteins
hold_range
    0  null bis eine Sekunden
    1  ein bis zwei Sekunden
    2  zwei bis drei Sekunden
    5  fünf bis sechs Sekunden
   21  einundzwanzig bis zweiundzwanzig Sekunden
  101  hundertein bis hundertzwei Sekunden
pyramid
    0  null SET_WORD: COUNTS Wiederholungen
    1  eins SET_WORD: COUNTS Wiederholungen
    2  zwei SET_WORD: COUNTS Wiederholungen
    5  fünf SET_WORD: COUNTS Wiederholungen
   21  einundzwanzig SET_WORD: COUNTS Wiederholungen
  101  hunderteins SET_WORD: COUNTS Wiederholungen
repeat_list
    0  nullmal: PARTS
    1  einmal: PARTS
    2  zweimal: PARTS
    5  fünfmal: PARTS
   21  einundzwanzigmal: PARTS
  101  hunderteinmal: PARTS
and_more
    0  PARTS und null weitere
    1  PARTS und ein weiterer
    2  PARTS und zwei weitere
    5  PARTS und fünf weitere
   21  PARTS und einundzwanzig weitere
  101  PARTS und hundertein weitere
sets_of_reps_named
    0  null SET_WORD mit je AMOUNT
    1  eins SET_WORD mit je AMOUNT
    2  zwei SET_WORD mit je AMOUNT
    5  fünf SET_WORD mit je AMOUNT
   21  einundzwanzig SET_WORD mit je AMOUNT
  101  hunderteins SET_WORD mit je AMOUNT
sets_of_work_named
    0  null SET_WORD: AMOUNT
    1  eins SET_WORD: AMOUNT
    2  zwei SET_WORD: AMOUNT
    5  fünf SET_WORD: AMOUNT
   21  einundzwanzig SET_WORD: AMOUNT
  101  hunderteins SET_WORD: AMOUNT
set_word_set
    0  Sätze
    1  Satz
    2  Sätze
    5  Sätze
   21  Sätze
  101  Sätze
set_word_round
    0  Runden
    1  Runde
    2  Runden
    5  Runden
   21  Runden
  101  Runden
set_word_interval
    0  Intervalle
    1  Intervall
    2  Intervalle
    5  Intervalle
   21  Intervalle
  101  Intervalle
set_word_minute
    0  Minuten
    1  Minute
    2  Minuten
    5  Minuten
   21  Minuten
  101  Minuten
set_word_block
    0  Blöcke
    1  Block
    2  Blöcke
    5  Blöcke
   21  Blöcke
  101  Blöcke
set_named
    0  SET null von null.
    1  SET eins von eins.
    2  SET zwei von zwei.
    5  SET fünf von fünf.
   21  SET einundzwanzig von einundzwanzig.
  101  SET hunderteins von hunderteins.
next_set_named
    0  Als Nächstes: SET null von null.
    1  Als Nächstes: SET eins von eins.
    2  Als Nächstes: SET zwei von zwei.
    5  Als Nächstes: SET fünf von fünf.
   21  Als Nächstes: SET einundzwanzig von einundzwanzig.
  101  Als Nächstes: SET hunderteins von hunderteins.
interval_reps
    0  Null NAME.
    1  Eine NAME.
    2  Zwei NAME.
    5  Fünf NAME.
   21  Einundzwanzig NAME.
  101  Hundertein NAME.
interval_rep_range
    0  Null bis eine NAME.
    1  Ein bis zwei NAME.
    2  Zwei bis drei NAME.
    5  Fünf bis sechs NAME.
   21  Einundzwanzig bis zweiundzwanzig NAME.
  101  Hundertein bis hundertzwei NAME.
held_rep
    0  Null.
    1  Eins.
    2  Zwei.
    5  Fünf.
   21  Einundzwanzig.
  101  Hunderteins.
minutes_left
    0  Noch null Minuten.
    1  Noch eine Minute.
    2  Noch zwei Minuten.
    5  Noch fünf Minuten.
   21  Noch einundzwanzig Minuten.
  101  Noch hundertein Minuten.
repeat_progress
    0  Null von null. SAY
    1  Eins von eins. SAY
    2  Zwei von zwei. SAY
    5  Fünf von fünf. SAY
   21  Einundzwanzig von einundzwanzig. SAY
  101  Hunderteins von hunderteins. SAY
""",
    "es": """
length
    0  Este entrenamiento dura menos de un minuto.
    1  Este entrenamiento dura alrededor de un minuto.
    2  Este entrenamiento dura unos dos minutos.
    5  Este entrenamiento dura unos cinco minutos.
   21  Este entrenamiento dura unos veintiún minutos.
  101  Este entrenamiento dura unos ciento un minutos.
end
    0  Entrenamiento completado. Ha durado menos de un minuto. ¡Bien hecho!
    1  Entrenamiento completado. Ha durado alrededor de un minuto. ¡Bien hecho!
    2  Entrenamiento completado. Ha durado unos dos minutos. ¡Bien hecho!
    5  Entrenamiento completado. Ha durado unos cinco minutos. ¡Bien hecho!
   21  Entrenamiento completado. Ha durado unos veintiún minutos. ¡Bien hecho!
  101  Entrenamiento completado. Ha durado unos ciento un minutos. ¡Bien hecho!
reps
    0  cero repeticiones
    1  una repetición
    2  dos repeticiones
    5  cinco repeticiones
   21  veintiuna repeticiones
  101  ciento una repeticiones
rep_range
    0  entre cero y una repeticiones
    1  entre una y dos repeticiones
    2  entre dos y tres repeticiones
    5  entre cinco y seis repeticiones
   21  entre veintiuna y veintidós repeticiones
  101  entre ciento una y ciento dos repeticiones
breaths
    0  cero respiraciones profundas
    1  una respiración profunda
    2  dos respiraciones profundas
    5  cinco respiraciones profundas
   21  veintiuna respiraciones profundas
  101  ciento una respiraciones profundas
phases
    0  en cero partes: PARTS
    1  en una parte: PARTS
    2  en dos partes: PARTS
    5  en cinco partes: PARTS
   21  en veintiuna partes: PARTS
  101  en ciento una partes: PARTS
sets_of_reps
    0  cero series de AMOUNT
    1  una serie de AMOUNT
    2  dos series de AMOUNT
    5  cinco series de AMOUNT
   21  veintiuna series de AMOUNT
  101  ciento una series de AMOUNT
sets_of_work
    0  cero series: AMOUNT
    1  una serie: AMOUNT
    2  dos series: AMOUNT
    5  cinco series: AMOUNT
   21  veintiuna series: AMOUNT
  101  ciento una series: AMOUNT
seconds
    0  cero segundos
    1  un segundo
    2  dos segundos
    5  cinco segundos
   21  veintiún segundos
  101  ciento un segundos
half_seconds
    0  medio segundo
    1  un segundo y medio
    2  dos segundos y medio
    5  cinco segundos y medio
   21  veintiún segundos y medio
  101  ciento un segundos y medio
minutes
    0  cero minutos
    1  un minuto
    2  dos minutos
    5  cinco minutos
   21  veintiún minutos
  101  ciento un minutos
number_range
    0  cero a uno
    1  uno a dos
    2  dos a tres
    5  cinco a seis
   21  veintiuno a veintidós
  101  ciento uno a ciento dos
alternating_count
    0  Derecha, cero.
    1  Derecha, uno.
    2  Derecha, dos.
    5  Derecha, cinco.
   21  Derecha, veintiuno.
  101  Derecha, ciento uno.
set
    0  Serie cero de cero.
    1  Serie uno de una.
    2  Serie dos de dos.
    5  Serie cinco de cinco.
   21  Serie veintiuno de veintiuna.
  101  Serie ciento uno de ciento una.
next_set
    0  Siguiente: serie cero de cero.
    1  Siguiente: serie uno de una.
    2  Siguiente: serie dos de dos.
    5  Siguiente: serie cinco de cinco.
   21  Siguiente: serie veintiuno de veintiuna.
  101  Siguiente: serie ciento uno de ciento una.
round
    0  Ronda cero de cero.
    1  Ronda uno de una.
    2  Ronda dos de dos.
    5  Ronda cinco de cinco.
   21  Ronda veintiuno de veintiuna.
  101  Ronda ciento uno de ciento una.
next_round
    0  Siguiente: ronda cero de cero.
    1  Siguiente: ronda uno de una.
    2  Siguiente: ronda dos de dos.
    5  Siguiente: ronda cinco de cinco.
   21  Siguiente: ronda veintiuno de veintiuna.
  101  Siguiente: ronda ciento uno de ciento una.
next_section_round
    0  Siguiente: SECTION, ronda cero de cero.
    1  Siguiente: SECTION, ronda uno de una.
    2  Siguiente: SECTION, ronda dos de dos.
    5  Siguiente: SECTION, ronda cinco de cinco.
   21  Siguiente: SECTION, ronda veintiuno de veintiuna.
  101  Siguiente: SECTION, ronda ciento uno de ciento una.
count
    0  cero
    1  uno
    2  dos
    5  cinco
   21  veintiuno
  101  ciento uno
countdown
    0  cero
    1  uno
    2  dos
    5  cinco
   21  veintiuno
  101  ciento uno
hold_range
    0  de cero a un segundos
    1  de un a dos segundos
    2  de dos a tres segundos
    5  de cinco a seis segundos
   21  de veintiún a veintidós segundos
  101  de ciento un a ciento dos segundos
pyramid
    0  cero SET_WORD: COUNTS repeticiones
    1  una SET_WORD: COUNTS repeticiones
    2  dos SET_WORD: COUNTS repeticiones
    5  cinco SET_WORD: COUNTS repeticiones
   21  veintiuna SET_WORD: COUNTS repeticiones
  101  ciento una SET_WORD: COUNTS repeticiones
repeat_list
    0  cero veces: PARTS
    1  una vez: PARTS
    2  dos veces: PARTS
    5  cinco veces: PARTS
   21  veintiuna veces: PARTS
  101  ciento una veces: PARTS
and_more
    0  PARTS y cero más
    1  PARTS y uno más
    2  PARTS y dos más
    5  PARTS y cinco más
   21  PARTS y veintiuno más
  101  PARTS y ciento uno más
sets_of_reps_named
    0  cero SET_WORD de AMOUNT
    1  una SET_WORD de AMOUNT
    2  dos SET_WORD de AMOUNT
    5  cinco SET_WORD de AMOUNT
   21  veintiuna SET_WORD de AMOUNT
  101  ciento una SET_WORD de AMOUNT
sets_of_work_named
    0  cero SET_WORD: AMOUNT
    1  una SET_WORD: AMOUNT
    2  dos SET_WORD: AMOUNT
    5  cinco SET_WORD: AMOUNT
   21  veintiuna SET_WORD: AMOUNT
  101  ciento una SET_WORD: AMOUNT
set_word_set
    0  series
    1  serie
    2  series
    5  series
   21  series
  101  series
set_word_round
    0  rondas
    1  ronda
    2  rondas
    5  rondas
   21  rondas
  101  rondas
set_word_interval
    0  intervalos
    1  intervalo
    2  intervalos
    5  intervalos
   21  intervalos
  101  intervalos
set_word_minute
    0  minutos
    1  minuto
    2  minutos
    5  minutos
   21  minutos
  101  minutos
set_word_block
    0  bloques
    1  bloque
    2  bloques
    5  bloques
   21  bloques
  101  bloques
set_named
    0  SET cero de cero.
    1  SET uno de una.
    2  SET dos de dos.
    5  SET cinco de cinco.
   21  SET veintiuno de veintiuna.
  101  SET ciento uno de ciento una.
next_set_named
    0  Siguiente: SET cero de cero.
    1  Siguiente: SET uno de una.
    2  Siguiente: SET dos de dos.
    5  Siguiente: SET cinco de cinco.
   21  Siguiente: SET veintiuno de veintiuna.
  101  Siguiente: SET ciento uno de ciento una.
interval_reps
    0  Cero NAME.
    1  Una NAME.
    2  Dos NAME.
    5  Cinco NAME.
   21  Veintiuna NAME.
  101  Ciento una NAME.
interval_rep_range
    0  De cero a una NAME.
    1  De una a dos NAME.
    2  De dos a tres NAME.
    5  De cinco a seis NAME.
   21  De veintiuna a veintidós NAME.
  101  De ciento una a ciento dos NAME.
held_rep
    0  Cero.
    1  Uno.
    2  Dos.
    5  Cinco.
   21  Veintiuno.
  101  Ciento uno.
minutes_left
    0  Quedan cero minutos.
    1  Queda un minuto.
    2  Quedan dos minutos.
    5  Quedan cinco minutos.
   21  Quedan veintiún minutos.
  101  Quedan ciento un minutos.
repeat_progress
    0  Cero de cero. SAY
    1  Uno de uno. SAY
    2  Dos de dos. SAY
    5  Cinco de cinco. SAY
   21  Veintiuno de veintiuno. SAY
  101  Ciento uno de ciento uno. SAY
""",
    "fr": """
length
    0  Cette séance dure moins d'une minute.
    1  Cette séance dure environ une minute.
    2  Cette séance dure environ deux minutes.
    5  Cette séance dure environ cinq minutes.
   21  Cette séance dure environ vingt et une minutes.
  101  Cette séance dure environ cent une minutes.
end
    0  Séance terminée. Elle a duré moins d'une minute. Bravo !
    1  Séance terminée. Elle a duré environ une minute. Bravo !
    2  Séance terminée. Elle a duré environ deux minutes. Bravo !
    5  Séance terminée. Elle a duré environ cinq minutes. Bravo !
   21  Séance terminée. Elle a duré environ vingt et une minutes. Bravo !
  101  Séance terminée. Elle a duré environ cent une minutes. Bravo !
reps
    0  zéro répétition
    1  une répétition
    2  deux répétitions
    5  cinq répétitions
   21  vingt et une répétitions
  101  cent une répétitions
rep_range
    0  zéro à une répétitions
    1  une à deux répétitions
    2  deux à trois répétitions
    5  cinq à six répétitions
   21  vingt et une à vingt-deux répétitions
  101  cent une à cent deux répétitions
breaths
    0  zéro respiration profonde
    1  une respiration profonde
    2  deux respirations profondes
    5  cinq respirations profondes
   21  vingt et une respirations profondes
  101  cent une respirations profondes
phases
    0  en zéro partie : PARTS
    1  en une partie : PARTS
    2  en deux parties : PARTS
    5  en cinq parties : PARTS
   21  en vingt et une parties : PARTS
  101  en cent une parties : PARTS
sets_of_reps
    0  zéro série de AMOUNT
    1  une série de AMOUNT
    2  deux séries de AMOUNT
    5  cinq séries de AMOUNT
   21  vingt et une séries de AMOUNT
  101  cent une séries de AMOUNT
sets_of_work
    0  zéro série : AMOUNT
    1  une série : AMOUNT
    2  deux séries : AMOUNT
    5  cinq séries : AMOUNT
   21  vingt et une séries : AMOUNT
  101  cent une séries : AMOUNT
seconds
    0  zéro seconde
    1  une seconde
    2  deux secondes
    5  cinq secondes
   21  vingt et une secondes
  101  cent une secondes
half_seconds
    0  une demi-seconde
    1  une seconde et demie
    2  deux secondes et demie
    5  cinq secondes et demie
   21  vingt et une secondes et demie
  101  cent une secondes et demie
minutes
    0  zéro minute
    1  une minute
    2  deux minutes
    5  cinq minutes
   21  vingt et une minutes
  101  cent une minutes
number_range
    0  zéro à un
    1  un à deux
    2  deux à trois
    5  cinq à six
   21  vingt et un à vingt-deux
  101  cent un à cent deux
alternating_count
    0  Droite, zéro.
    1  Droite, un.
    2  Droite, deux.
    5  Droite, cinq.
   21  Droite, vingt et un.
  101  Droite, cent un.
set
    0  Série zéro sur zéro.
    1  Série un sur une.
    2  Série deux sur deux.
    5  Série cinq sur cinq.
   21  Série vingt et un sur vingt et une.
  101  Série cent un sur cent une.
next_set
    0  Ensuite : série zéro sur zéro.
    1  Ensuite : série un sur une.
    2  Ensuite : série deux sur deux.
    5  Ensuite : série cinq sur cinq.
   21  Ensuite : série vingt et un sur vingt et une.
  101  Ensuite : série cent un sur cent une.
round
    0  Tour zéro sur zéro.
    1  Tour un sur un.
    2  Tour deux sur deux.
    5  Tour cinq sur cinq.
   21  Tour vingt et un sur vingt et un.
  101  Tour cent un sur cent un.
next_round
    0  Ensuite : tour zéro sur zéro.
    1  Ensuite : tour un sur un.
    2  Ensuite : tour deux sur deux.
    5  Ensuite : tour cinq sur cinq.
   21  Ensuite : tour vingt et un sur vingt et un.
  101  Ensuite : tour cent un sur cent un.
next_section_round
    0  Ensuite : SECTION, tour zéro sur zéro.
    1  Ensuite : SECTION, tour un sur un.
    2  Ensuite : SECTION, tour deux sur deux.
    5  Ensuite : SECTION, tour cinq sur cinq.
   21  Ensuite : SECTION, tour vingt et un sur vingt et un.
  101  Ensuite : SECTION, tour cent un sur cent un.
count
    0  zéro
    1  un
    2  deux
    5  cinq
   21  vingt et un
  101  cent un
countdown
    0  zéro
    1  un
    2  deux
    5  cinq
   21  vingt et un
  101  cent un
hold_range
    0  zéro à une secondes
    1  une à deux secondes
    2  deux à trois secondes
    5  cinq à six secondes
   21  vingt et une à vingt-deux secondes
  101  cent une à cent deux secondes
pyramid
    0  zéro SET_WORD : COUNTS répétitions
    1  une SET_WORD : COUNTS répétitions
    2  deux SET_WORD : COUNTS répétitions
    5  cinq SET_WORD : COUNTS répétitions
   21  vingt et une SET_WORD : COUNTS répétitions
  101  cent une SET_WORD : COUNTS répétitions
repeat_list
    0  zéro fois : PARTS
    1  une fois : PARTS
    2  deux fois : PARTS
    5  cinq fois : PARTS
   21  vingt et une fois : PARTS
  101  cent une fois : PARTS
and_more
    0  PARTS et zéro de plus
    1  PARTS et un de plus
    2  PARTS et deux de plus
    5  PARTS et cinq de plus
   21  PARTS et vingt et un de plus
  101  PARTS et cent un de plus
sets_of_reps_named
    0  zéro SET_WORD de AMOUNT
    1  une SET_WORD de AMOUNT
    2  deux SET_WORD de AMOUNT
    5  cinq SET_WORD de AMOUNT
   21  vingt et une SET_WORD de AMOUNT
  101  cent une SET_WORD de AMOUNT
sets_of_work_named
    0  zéro SET_WORD : AMOUNT
    1  une SET_WORD : AMOUNT
    2  deux SET_WORD : AMOUNT
    5  cinq SET_WORD : AMOUNT
   21  vingt et une SET_WORD : AMOUNT
  101  cent une SET_WORD : AMOUNT
set_word_set
    0  série
    1  série
    2  séries
    5  séries
   21  séries
  101  séries
set_word_round
    0  tour
    1  tour
    2  tours
    5  tours
   21  tours
  101  tours
set_word_interval
    0  intervalle
    1  intervalle
    2  intervalles
    5  intervalles
   21  intervalles
  101  intervalles
set_word_minute
    0  minute
    1  minute
    2  minutes
    5  minutes
   21  minutes
  101  minutes
set_word_block
    0  bloc
    1  bloc
    2  blocs
    5  blocs
   21  blocs
  101  blocs
set_named
    0  SET zéro sur zéro.
    1  SET un sur une.
    2  SET deux sur deux.
    5  SET cinq sur cinq.
   21  SET vingt et un sur vingt et une.
  101  SET cent un sur cent une.
next_set_named
    0  Ensuite : SET zéro sur zéro.
    1  Ensuite : SET un sur une.
    2  Ensuite : SET deux sur deux.
    5  Ensuite : SET cinq sur cinq.
   21  Ensuite : SET vingt et un sur vingt et une.
  101  Ensuite : SET cent un sur cent une.
interval_reps
    0  Zéro NAME.
    1  Une NAME.
    2  Deux NAME.
    5  Cinq NAME.
   21  Vingt et une NAME.
  101  Cent une NAME.
interval_rep_range
    0  Zéro à une NAME.
    1  Une à deux NAME.
    2  Deux à trois NAME.
    5  Cinq à six NAME.
   21  Vingt et une à vingt-deux NAME.
  101  Cent une à cent deux NAME.
held_rep
    0  Zéro.
    1  Une.
    2  Deux.
    5  Cinq.
   21  Vingt et une.
  101  Cent une.
minutes_left
    0  Encore zéro minute.
    1  Encore une minute.
    2  Encore deux minutes.
    5  Encore cinq minutes.
   21  Encore vingt et une minutes.
  101  Encore cent une minutes.
repeat_progress
    0  Zéro sur zéro. SAY
    1  Un sur un. SAY
    2  Deux sur deux. SAY
    5  Cinq sur cinq. SAY
   21  Vingt et un sur vingt et un. SAY
  101  Cent un sur cent un. SAY
""",
}


def values(entry: Entry, n: int) -> dict[str, object]:
    """The phrase's placeholders: its numbers n (a range n to n + 1), its text a word in capitals."""
    filled: dict[str, object] = {p: TEXT.get(p, p.upper()) for p in entry.placeholders}
    filled.update({p: n for p in entry.numbers})
    if "low" in entry.numbers:
        filled["high"] = n + 1
    return filled


def rows(language: str) -> list[tuple[str, list[str]]]:
    """The table of a language: (phrase, what it says for each of NUMBERS)."""
    found: list[tuple[str, list[str]]] = []
    for line in TABLE[language].strip().splitlines():
        if line.startswith(" "):
            found[-1][1].append(line.split(maxsplit=1)[1])
        else:
            found.append((line, []))
    return found


@pytest.mark.parametrize("language", sorted(TABLE))
def test_the_table_holds_every_spoken_phrase_that_takes_a_number(language: str) -> None:
    wanted = [name for name, e in CATALOGUE.items() if e.numbers and e.kind != "label"]
    assert [name for name, _ in rows(language)] == wanted


@pytest.mark.parametrize(
    "language, name, said", [(lang, name, said) for lang in sorted(TABLE) for name, said in rows(lang)]
)
def test_every_number_is_said_in_the_form_its_noun_needs(language: str, name: str, said: list[str]) -> None:
    words = Words(load_pack(language))
    assert [words.say(name, **values(CATALOGUE[name], n)) for n in NUMBERS] == said


# --- the packs -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", languages())
def test_every_pack_has_every_phrase_of_the_catalogue(language: str) -> None:
    pack = load_pack(language)
    assert pack.language == language
    assert list(pack.phrases) == list(CATALOGUE)


def test_the_shipped_languages() -> None:
    assert languages() == ("de", "en", "es", "fr")


@pytest.mark.parametrize(
    "change, problem",
    [
        (('  halfway: "Halfway."\n', ""), "phrase 'halfway' is missing"),
        (
            ('  halfway: "Halfway."\n', '  halfway: "Halfway."\n  cheer: Go!\n'),
            "phrase 'cheer' is not in the catalogue",
        ),
        (
            ('  rest: "Rest, {time}."', '  rest: "Rest, {tiem}."'),
            "'rest' has no placeholder {tiem}; did you mean {time}?",
        ),
        (('reps: {one: "{n} rep",', 'reps: {few: "{n} rep", one: "{n} rep",'), "'en' has no 'few' form"),
        (('reps: {one: "{n} rep",', 'reps: {"=1": "{n} rep",'), ""),
        (
            ('seconds: {one: "{n} second",', 'seconds: {"=0": "no time",'),
            "'seconds': needs a 'one' form for 'en' (said for 1)",
        ),
    ],
)
def test_a_broken_pack_is_rejected_with_every_problem(change: tuple[str, str], problem: str) -> None:
    text = (resources.files("voiceguide.phrases") / "packs" / "en.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    broken = text.replace(change[0], change[1], 1)
    if not problem:  # an exact "=1" covers English's 'one' (which is only 1)
        assert read_pack(broken, "en.yaml").phrases["reps"]
        return
    with pytest.raises(PackError, match=re.escape(problem)):
        read_pack(broken, "en.yaml")


def test_english_plural_rule_is_cldr_s() -> None:
    from babel import Locale

    rule = Locale.parse("en").plural_form
    assert all(plurals.category("en", n) == rule(n) for n in range(0, 2001))


@pytest.mark.parametrize(
    "language, n, category",
    [
        ("fr", 0, "one"),
        ("fr", 1, "one"),
        ("fr", 2, "other"),
        ("de", 0, "other"),
        ("es", 1_000_000, "many"),
        ("es", 21, "other"),
    ],
)
def test_plural_categories_come_from_cldr(language: str, n: int, category: str) -> None:
    assert plurals.category(language, n) == category


@pytest.mark.parametrize("language", ["de", "en", "es", "fr"])
def test_whole_numbers_of_a_workout_need_one_and_other(language: str) -> None:
    """Spanish and French 'many' is for a million: no workout says it, so no phrase must have it."""
    assert set(plurals.whole_number_examples(language)) == {"one", "other"}


def test_english_needs_neither_babel_nor_num2words() -> None:
    code = (
        "import sys; from voiceguide.routine import load_collection; from voiceguide.coaching import compile_routine\n"
        f"[compile_routine(r) for r in load_collection({str(SEED)!r}).routines]\n"
        "print(sorted(m for m in ('babel', 'num2words') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- templates -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, message",
    [
        ("Rest {time", "'Rest {time' has a '{' without its closing '}' (write '{{' for a brace)"),
        ("Rest} {time}", "'Rest} {time}' has a '}' without its '{' (write '}}' for a brace)"),
        ("Set {n of {total}.", "'Set {n of {total}.': the '{' of '{n of ' has no closing '}'"),
        ("Rest {1}", "'Rest {1}' has {1}, which is not a placeholder (write '{{' for a brace)"),
        ("Rest {tmie}", "'rest' has no placeholder {tmie}; did you mean {time}?"),
        ({"one": "a", "other": "b"}, "'rest' takes no number, so it cannot have plural forms"),
        ({"one": "a"}, "'rest' needs an 'other' form, said when no other form fits"),
        ({"right": "a", "left": "b"}, "'rest' is not about a side, so it cannot have right and left forms"),
        (
            {"othre": "a"},
            "'rest' has no key 'othre'; did you mean 'other'? (plural forms are =N, zero, one, two, few, many, other;"
            " and count, gender)",
        ),
        (None, "'rest' has no text; write '' to turn this cue off"),
        (3, "'rest' must be text, or a mapping of forms like {one: ..., other: ...}"),
    ],
)
def test_a_phrase_that_cannot_be_used_says_why(value: object, message: str) -> None:
    with pytest.raises(PhraseError) as caught:
        parse_phrase(value, CATALOGUE["rest"])
    assert caught.value.message == message


def test_braces_a_capital_placeholder_and_side_forms() -> None:
    pack = load_pack("en")
    assert render(parse_phrase("{{{time}}}", CATALOGUE["rest"]), {"time": "now"}, pack) == "{now}"
    assert render(parse_phrase("{Time}!", CATALOGUE["rest"]), {"time": "now"}, pack) == "Now!"
    side = parse_phrase({"right": "Right leg.", "left": "Left leg."}, CATALOGUE["side"])
    assert [render(side, {"side": s}, pack) for s in ("right", "left")] == ["Right leg.", "Left leg."]
    assert render(parse_phrase("{n} of {total}", CATALOGUE["set"]), {"n": 2, "total": 3}, pack, digits=True) == "2 of 3"


# --- voiceguide phrases ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", languages())
def test_the_listing_can_be_pasted_into_a_routine_file_as_it_is(language: str, tmp_path: Path) -> None:
    listing = phrase_listing(language)
    assert set(yaml.safe_load(listing)["phrases"]) == set(CATALOGUE)
    assert "# spoken: halfway through a hold of 20 s or more" in listing
    plain = f"title: T\nlanguage: {language}\nroutines:\n" + ROUTINE
    pasted = f"title: T\nlanguage: {language}\n{listing}routines:\n" + ROUTINE
    (tmp_path / "plain.yaml").write_text(plain, encoding="utf-8")
    (tmp_path / "pasted.yaml").write_text(pasted, encoding="utf-8")
    a, b = (load_collection(tmp_path / name).routines[0] for name in ("plain.yaml", "pasted.yaml"))
    assert len(b.phrases) == len(CATALOGUE)
    assert compile_routine(a) == compile_routine(b)


ROUTINE = """\
  - id: r
    title: R
    rounds: 2
    steps:
      - exercise: Squat
        reps: 8-10
        sets: 2
      - exercise: Plank
        hold: 45s
        per_side: true
      - rest: 20s
      - exercise: Lunge
        reps: 4
        per_side: alternating
      - exercise: Breathing
        hold: {breaths: 2}
"""
