"""Hypothesis strategies: rule files written every way the grammar allows, untidily.

Each strategy draws a piece of *source text* — random spacing and line breaks, extra parentheses,
comments after any token, clauses in any order, strings with escapes — that parses without error.
The parser is the oracle: the formatter must give back a text that parses to the same tree. The
text is written here, independently of `policy.format`, so the formatter is not tested against
itself.
"""

from __future__ import annotations

from hypothesis import strategies as st

from policy.syntax import keywords

Draw = st.DrawFn

KEYWORDS = keywords()
NAMES = st.from_regex(r"[a-zé_][a-z0-9_]{0,5}", fullmatch=True).filter(lambda n: n not in KEYWORDS)
FIELDS = st.sampled_from(["text", "kind", "channel", "author.followers", "author.name", "metadata.x.y", "intent"])
PRINTABLE = st.characters(blacklist_categories=["Cs"], blacklist_characters='\n\\"\x85\u2028\u2029')
COMMENT_BODY = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="#\n\r\x85\u2028\u2029"),
    max_size=12,
)


def _gap(draw: Draw, *, optional: bool = False) -> str:
    """Blanks between two tokens: spaces, tabs, line breaks, or a comment to the end of the line."""
    choices = [" ", " ", "  ", "\n", "\n    ", "\t", "comment", "own"]
    if optional:
        choices.append("")
    kind = draw(st.sampled_from(choices))
    if kind == "comment":
        return f"  #{draw(COMMENT_BODY)}\n  "
    if kind == "own":
        return f"\n# {draw(COMMENT_BODY)}\n"
    return str(kind)


def _join(draw: Draw, *tokens: str) -> str:
    return tokens[0] + "".join(_gap(draw) + t for t in tokens[1:])


@st.composite
def string_literal(draw: Draw) -> str:
    """A quoted string, escaped in one of the ways the grammar allows."""
    value = draw(
        st.text(
            alphabet=st.one_of(
                PRINTABLE,
                st.sampled_from(['"', "\\", "\n", "\t", "é", "\u200b", "😍", "#", "/", "\r"]),
            ),
            max_size=14,
        )
    )
    out = []
    for ch in str(value):
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append(draw(st.sampled_from(["\\t", "\t"])))
        elif ch == "/":
            out.append(draw(st.sampled_from(["/", "\\/"])))
        elif ord(ch) < 0x10000 and draw(st.integers(0, 6)) == 0:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@st.composite
def value(draw: Draw) -> str:
    kind = draw(st.sampled_from(["string", "int", "float", "ident", "time"]))
    if kind == "string":
        return draw(string_literal())
    if kind == "int":
        return str(draw(st.integers(-50, 10**6)))
    if kind == "float":
        return draw(st.sampled_from(["2.5", "-0.25", "10.0", "007", "3.14159", "0.0000001"]))
    if kind == "time":
        return draw(st.sampled_from(["09:00", "9:05", "22:30", "0:00"]))
    return draw(NAMES)


@st.composite
def value_list(draw: Draw) -> str:
    values = draw(st.lists(value(), max_size=3))
    return "[" + ",".join(_gap(draw, optional=True) + str(v) for v in values) + "]"


@st.composite
def string_list(draw: Draw) -> str:
    values = draw(st.lists(string_literal(), max_size=4))
    return "[" + ",".join(_gap(draw, optional=True) + str(v) for v in values) + "]"


@st.composite
def terms(draw: Draw) -> str:
    kind = draw(st.sampled_from(["phrase", "lexicon", "inline"]))
    if kind == "phrase":
        return draw(string_literal())
    if kind == "lexicon":
        return _join(draw, "any", draw(NAMES))
    return _join(draw, "any", draw(string_list()))


@st.composite
def atom(draw: Draw) -> str:
    kind = draw(st.sampled_from(["compare", "in", "contains", "matches", "has", "is", "ref", "hours"]))
    path = draw(FIELDS)
    if kind == "compare":
        return _join(draw, path, draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="])), draw(value()))
    if kind == "in":
        negated = draw(st.booleans())
        return _join(draw, path, *(["not", "in"] if negated else ["in"]), draw(value_list()))
    if kind == "contains":
        parts = [path, "contains", draw(terms())]
        if draw(st.booleans()):
            parts += ["near", draw(terms())]
            if draw(st.booleans()):
                parts += ["within", str(draw(st.integers(0, 20))), "words"]
        return _join(draw, *parts)
    if kind == "matches":
        pattern = draw(st.sampled_from([r"\d+", r"^a.+z$", r"\/x", r"[a-z]{2,}", r"(?i)bonjour", r"#\s"]))
        flags = draw(st.sampled_from(["", "i", "im"]))
        return _join(draw, path, "matches", f"/{pattern}/{flags}")
    if kind == "has":
        args = draw(st.lists(value(), max_size=3))
        tail = "(" + ",".join(_gap(draw, optional=True) + str(a) for a in args) + ")" if args else ""
        return _join(draw, "has", path) + tail
    if kind == "is":
        return _join(draw, path, draw(NAMES))
    if kind == "ref":
        return draw(NAMES)
    return _join(draw, draw(st.sampled_from(["outside", "within"])), "hours")


@st.composite
def condition(draw: Draw, depth: int = 3) -> str:
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        text = draw(atom())
        return f"({text})" if draw(st.integers(0, 5)) == 0 else text
    kind = draw(st.sampled_from(["and", "or", "not"]))
    if kind == "not":
        if draw(st.booleans()):
            return _join(draw, "not", draw(atom()))  # `not` binds tighter than `and`: no parentheses needed
        return _join(draw, "not", "(" + draw(condition(depth - 1)) + ")")
    operands = [draw(condition(depth - 1)) for _ in range(draw(st.integers(2, 3)))]
    wrapped = [f"({o})" for o in operands]
    out = wrapped[0]
    for operand in wrapped[1:]:
        out = _join(draw, out, kind, operand)
    return out


DURATIONS = st.sampled_from(["4h", "1h30m", "30min", "10m", "2d", "45s"])


@st.composite
def effects(draw: Draw) -> str:
    out = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["answer", "answer_with", "ignore", "hide", "delete", "escalate", "keep"]))
        if kind == "answer_with":
            target = draw(NAMES) if draw(st.booleans()) else draw(string_literal())
            out.append(_join(draw, "answer", "with", target))
        elif kind == "escalate":
            parts = ["escalate", "to", draw(NAMES)]
            if draw(st.booleans()):
                parts += ["priority", draw(NAMES)]
            if draw(st.booleans()):
                parts += ["within", draw(DURATIONS)]
            out.append(_join(draw, *parts))
        elif kind == "keep":
            out.append(_join(draw, "keep", "evidence"))
        else:
            out.append(kind)
    return ("," + _gap(draw, optional=True)).join(out)


@st.composite
def example(draw: Draw) -> str:
    parts = [draw(string_literal())]
    context = draw(st.lists(st.sampled_from(["kind", "author.followers", "channel", "received_at"]), max_size=2))
    if context:
        items = [_join(draw, path, "=", draw(value())) for path in context]
        parts += ["with", ",".join(items)]
    action = draw(st.sampled_from(["answer", "ignore", "hide", "delete", "escalate", "remove"]))
    teams: list[str] = draw(st.lists(NAMES, max_size=2))
    expected = [action]
    short_form = draw(st.booleans())
    if teams and short_form:
        expected += ["to", teams[0]]
        teams = teams[1:]
    text = _join(draw, *expected)
    for team in teams:
        text += "," + _gap(draw, optional=True) + _join(draw, "escalate", "to", str(team))
    fires = draw(st.sampled_from(["", "matched", "unmatched"]))
    if fires:
        text = _join(draw, text, fires)
    return _join(draw, *parts, "->", text)


@st.composite
def rule(draw: Draw) -> str:
    head = ["rule", draw(NAMES)]
    if draw(st.booleans()):
        head.append(draw(string_literal()))
    if draw(st.booleans()):
        head += ["priority", str(draw(st.integers(0, 12)))]
    clauses = []
    if draw(st.booleans()):
        clauses.append(_join(draw, "because", draw(string_literal())))
    for _ in range(draw(st.integers(0, 2))):
        cites = [draw(string_literal()) for _ in range(draw(st.integers(1, 3)))]
        clauses.append(_join(draw, "cite", ("," + _gap(draw, optional=True)).join(cites)))
    for _ in range(draw(st.integers(0, 2))):
        names = [draw(NAMES) for _ in range(draw(st.integers(1, 2)))]
        clauses.append(_join(draw, "category", ", ".join(names)))
    for _ in range(draw(st.integers(0, 2))):
        examples = [draw(example()) for _ in range(draw(st.integers(1, 3)))]
        clauses.append(_join(draw, "examples", *examples))
    order = draw(st.permutations(clauses))
    return _join(draw, *head, "when", draw(condition()), "then", draw(effects()), *order)


@st.composite
def declaration(draw: Draw) -> str:
    kinds = [
        "policy", "default", "on_error", "timezone", "hours", "holidays", "include", "disable", "team",
        "lexicon", "lexicon_file", "extend", "define", "template", "organisation", "staff", "rule", "rule",
    ]  # fmt: skip
    kind = draw(st.sampled_from(kinds))
    if kind == "policy":
        version = ["version", draw(string_literal())] if draw(st.booleans()) else []
        return _join(draw, "policy", draw(string_literal()), *version)
    if kind == "default":
        return _join(draw, "default", draw(effects()))
    if kind == "on_error":
        return _join(draw, "on", "error", draw(effects()))
    if kind == "timezone":
        return _join(draw, "timezone", draw(string_literal()))
    if kind == "hours":
        specs = []
        for _ in range(draw(st.integers(1, 3))):
            days = draw(st.sampled_from(["mon-fri", "sat", "lun - ven", "dim", "sun"]))
            times = st.sampled_from(["09:00-19:00", "9:00 - 12:30", "14:00-18:00"])
            ranges = draw(st.lists(times, min_size=1, max_size=2))
            specs.append(_join(draw, days, *ranges))
        return _join(draw, "hours", ("," + _gap(draw, optional=True)).join(specs))
    if kind == "holidays":
        extra = [draw(string_literal())] if draw(st.booleans()) else []
        return _join(draw, "holidays", draw(string_literal()), *extra)
    if kind == "include":
        return _join(draw, "include", draw(string_literal()))
    if kind == "disable":
        return _join(draw, "disable", "rule", draw(NAMES))
    if kind == "team":
        within = ["within", draw(DURATIONS)] if draw(st.booleans()) else []
        return _join(draw, "team", draw(NAMES), draw(string_literal()), *within)
    if kind == "lexicon":
        return _join(draw, "lexicon", draw(NAMES), "=", draw(string_list()))
    if kind == "lexicon_file":
        return _join(draw, "lexicon", draw(NAMES), "from", draw(string_literal()))
    if kind == "extend":
        tail = ["with", draw(string_list())] if draw(st.booleans()) else ["from", draw(string_literal())]
        return _join(draw, "extend", "lexicon", draw(NAMES), *tail)
    if kind == "define":
        return _join(draw, "define", draw(NAMES), "=", draw(condition()))
    if kind == "template":
        pieces = [draw(string_literal()) for _ in range(draw(st.integers(1, 3)))]
        return _join(draw, "template", draw(NAMES), "=", *pieces)
    if kind == "organisation":
        words = draw(st.lists(st.sampled_from(["aliases", "handles", "domains", "contacts"]), max_size=5))
        clauses = [_join(draw, str(w), draw(string_list())) for w in words]
        return _join(draw, "organisation", draw(string_literal()), *clauses)
    if kind == "staff":
        words = draw(st.lists(st.sampled_from(["roles", "places"]), max_size=3))
        clauses = [_join(draw, str(w), draw(string_list())) for w in words]
        return _join(draw, "staff", draw(string_literal()), *clauses)
    return draw(rule())


@st.composite
def policy_file(draw: Draw) -> str:
    """A whole rule file: declarations separated by any blanks and comments."""
    items = [draw(declaration()) for _ in range(draw(st.integers(0, 6)))]
    separators = st.sampled_from(["", "\n", "\n\n", "\n\n\n", "\n# note\n", "\n\n# note\n\n"])
    text = "".join(draw(separators) + "\n" + item for item in items)
    return text + draw(st.sampled_from(["", "\n", "  # end\n", "\n\n# last words\n", "\n# a\n# b"]))
