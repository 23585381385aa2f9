"""The YAML reader's limits: huge documents and values are refused before the slow parser reads them."""

from __future__ import annotations

import pytest
import yaml

from voiceguide.errors import RoutineError
from voiceguide.routine.yamlsource import MAX_NODES, MAX_SCALAR_CHARS, _prescan, parse_yaml

needs_libyaml = pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="the pre-scan uses libyaml")


def problem(text: str) -> str:
    with pytest.raises(RoutineError) as caught:
        parse_yaml(text, "f.yaml")
    (only,) = caught.value.problems
    return f"{only.line}:{only.column}: {only.message}"


@needs_libyaml
def test_a_list_past_the_value_limit_is_refused_where_it_crosses_it() -> None:
    text = "title: T\nx: [" + ", ".join(["1"] * (MAX_NODES + 10)) + "]\n"
    # values: the root mapping, 'T', the list, then its items: item k (from 0) is value k + 4, at column 5 + 3k
    column = 5 + 3 * (MAX_NODES + 1 - 4)
    assert problem(text) == f"2:{column}: the document has more than {MAX_NODES:,} values; split it into smaller files"


@needs_libyaml
def test_keys_are_not_counted_as_values() -> None:
    half = MAX_NODES // 2 + 100  # as many keys as values: over the limit only if keys counted
    _prescan("\n".join(f"k{i}: 1" for i in range(half)) + "\n", "f.yaml")


@needs_libyaml
def test_a_giant_value_is_refused_before_parsing() -> None:
    text = "title: " + "a" * (MAX_SCALAR_CHARS + 1) + "\n"
    assert (
        problem(text)
        == f"1:8: this value is {MAX_SCALAR_CHARS + 1:,} characters long; a value may be at most {MAX_SCALAR_CHARS:,}"
    )


def test_syntax_errors_are_left_to_the_explained_messages() -> None:
    assert problem("title: 'open\n") == "1:8: this is not valid YAML: this quote is never closed; add the closing quote"
