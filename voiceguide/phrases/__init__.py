"""The coach's words as data, shared by loading (checking a routine's own phrases) and coaching (saying them).

`catalogue` names every phrase, what it may say and when it is said; `packs` loads the phrase
pack of a language (packs/<language>.yaml); `templates` parses, checks and fills in a phrase;
`plurals` gives CLDR's plural categories (Babel); `numbers` spells numbers in the form a phrase
needs (voiceguide's own English words, num2words for other languages); `listing` prints a pack
for `voiceguide phrases`.
"""

from .catalogue import CATALOGUE, Entry
from .packs import Pack, PackError, languages, load_pack
from .templates import Overrides, Phrase, PhraseError, language_problems, parse_phrase, render

__all__ = [
    "CATALOGUE",
    "Entry",
    "Overrides",
    "Pack",
    "PackError",
    "Phrase",
    "PhraseError",
    "language_problems",
    "languages",
    "load_pack",
    "parse_phrase",
    "render",
]
