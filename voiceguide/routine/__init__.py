"""Stage 1, loading: a routine file read, checked and turned into the routine model.

`format` declares every key once (`voice` the voice and pronounce keys, each engine's
own); `kinds` and `values` check located YAML values (`yamlsource`) against it and
describe them as JSON Schema; `loader` builds the frozen `model` from what was checked.
"""

from .format import json_schema, json_schema_text
from .loader import load_collection, parse_collection
from .model import Breaths, Collection, Exercise, Hold, Phases, Reps, Rest, Routine, Section, Step, Timed, Where

__all__ = [
    "Breaths",
    "Collection",
    "Exercise",
    "Hold",
    "Phases",
    "Reps",
    "Rest",
    "Routine",
    "Section",
    "Step",
    "Timed",
    "Where",
    "json_schema",
    "json_schema_text",
    "load_collection",
    "parse_collection",
]
