"""Checking stage, part 1: the policy header and the declarations (teams, lexicons, templates…).

Builds the symbol tables the rest of the checker and the compiler read, reporting duplicates,
header problems (missing `default`, unknown time zone, impossible hours) and lexicon terms that can
never match.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from policy import ast
from policy.diagnostics import Diagnostic, Severity, did_you_mean
from policy.loader import Bundle, LexiconTerm, LoadedFile
from policy.source import NO_SPAN, SourceSpan
from policy.text.matcher import TermMatcher

DEFAULT_TIMEZONE = "Europe/Paris"
DEFAULT_HOLIDAYS = ("FR", None)
DEFAULT_TEAM_WITHIN = 24 * 3600
BUILTIN_TEAM = "moderation"


@dataclass(frozen=True)
class TeamInfo:
    name: str
    title: str
    within: int
    span: SourceSpan = field(compare=False)
    builtin: bool = False


@dataclass(frozen=True)
class LexiconInfo:
    name: str
    terms: tuple[LexiconTerm, ...]
    span: SourceSpan = field(compare=False)
    unreadable: bool = False  # its file could not be read (already reported)


@dataclass
class Symbols:
    """Everything declared, after the header and declarations were checked."""

    name: str = ""
    version: str | None = None
    header: ast.PolicyHeader | None = None
    default: ast.DefaultDecl | None = None
    on_error: ast.OnErrorDecl | None = None
    timezone: str = DEFAULT_TIMEZONE
    hours: tuple[ast.HoursSpec, ...] = ()
    holidays: tuple[str, str | None] = DEFAULT_HOLIDAYS
    teams: dict[str, TeamInfo] = field(default_factory=dict)
    lexicons: dict[str, LexiconInfo] = field(default_factory=dict)
    templates: dict[str, ast.TemplateDecl] = field(default_factory=dict)
    defines: dict[str, ast.Define] = field(default_factory=dict)
    organisation: ast.OrganisationDecl | None = None
    staff: list[ast.StaffDecl] = field(default_factory=list)
    rules: list[tuple[LoadedFile, ast.Rule]] = field(default_factory=list)
    disabled: dict[str, ast.Disable] = field(default_factory=dict)


def _first_seen(kind: str, name: str, previous: SourceSpan) -> str:
    return f"the first {kind} `{name}` is at {previous.location()}"


def collect(bundle: Bundle, diagnostics: list[Diagnostic]) -> Symbols:
    symbols = Symbols(name=bundle.root.path.stem)
    rule_spans: dict[str, SourceSpan] = {}
    header_spans: dict[str, SourceSpan] = {}

    def once(kind: str, item: ast.Item) -> bool:
        """Header declarations appear once, in the main file."""
        if kind in header_spans:
            diagnostics.append(
                Diagnostic(
                    "ROE216",
                    f"`{kind}` is declared twice",
                    item.span,
                    "keep one declaration",
                    notes=(f"the first one is at {header_spans[kind].location()}",),
                )
            )
            return False
        header_spans[kind] = item.span
        return True

    for file, item in bundle.items():
        in_root = file is bundle.root
        header_kind = _header_kind(item)
        if header_kind is not None and not in_root:
            diagnostics.append(
                Diagnostic(
                    "ROE216",
                    f"`{header_kind}` belongs to the main policy file, not to an included file",
                    item.span,
                    f"move it to `{bundle.root.source.path}`; included files hold rules, lexicons, teams and templates",
                )
            )
            continue
        if isinstance(item, ast.PolicyHeader):
            if once("policy", item):
                symbols.header = item
                symbols.name = item.name.value
                symbols.version = item.version.value if item.version else None
        elif isinstance(item, ast.DefaultDecl):
            if once("default", item):
                symbols.default = item
        elif isinstance(item, ast.OnErrorDecl):
            if once("on error", item):
                symbols.on_error = item
        elif isinstance(item, ast.TimezoneDecl):
            if once("timezone", item):
                symbols.timezone = _check_timezone(item, diagnostics)
        elif isinstance(item, ast.HoursDecl):
            if once("hours", item):
                symbols.hours = _check_hours(item, diagnostics)
        elif isinstance(item, ast.HolidaysDecl):
            if once("holidays", item):
                symbols.holidays = _check_holidays(item, diagnostics)
        elif isinstance(item, ast.TeamDecl):
            _declare(
                symbols.teams,
                item.name,
                "team",
                diagnostics,
                TeamInfo(
                    item.name.value,
                    item.title.value,
                    item.within.seconds if item.within else DEFAULT_TEAM_WITHIN,
                    item.span,
                ),
            )
        elif isinstance(item, ast.LexiconDecl):
            terms = _terms(bundle, file, item.terms, item.file)
            unreadable = item.file is not None and _lexicon_key(file, item.file) not in bundle.lexicon_files
            info = LexiconInfo(item.name.value, terms, item.span, unreadable)
            _declare(symbols.lexicons, item.name, "lexicon", diagnostics, info)
        elif isinstance(item, ast.ExtendLexicon):
            _extend(symbols, bundle, file, item, diagnostics)
        elif isinstance(item, ast.TemplateDecl):
            _declare(symbols.templates, item.name, "template", diagnostics, item)
        elif isinstance(item, ast.Define):
            _declare(symbols.defines, item.name, "condition", diagnostics, item)
        elif isinstance(item, ast.OrganisationDecl):
            if symbols.organisation is not None:
                diagnostics.append(
                    Diagnostic(
                        "ROE216",
                        "`organisation` is declared twice",
                        item.span,
                        "merge the two declarations",
                        notes=(f"the first one is at {symbols.organisation.span.location()}",),
                    )
                )
            else:
                symbols.organisation = item
                _check_contacts(item, diagnostics)
        elif isinstance(item, ast.StaffDecl):
            symbols.staff.append(item)
        elif isinstance(item, ast.Disable):
            symbols.disabled[item.rule.value] = item
        elif isinstance(item, ast.Rule):
            previous = rule_spans.get(item.id.value)
            if previous is not None:
                diagnostics.append(
                    Diagnostic(
                        "ROE207",
                        f"duplicate rule id `{item.id.value}`",
                        item.id.span,
                        "give each rule its own id; to replace a rule of an included pack, `disable rule` it first",
                        notes=(_first_seen("rule", item.id.value, previous),),
                    )
                )
            else:
                rule_spans[item.id.value] = item.id.span
            symbols.rules.append((file, item))

    if symbols.header is None:
        diagnostics.append(
            Diagnostic(
                "ROE252",
                "the policy has no `policy` header",
                bundle.root.source.span(0, 0),
                f'start the file with `policy "<name>" version "<version>"`; '
                f"the name `{symbols.name}` is used meanwhile",
                Severity.WARNING,
            )
        )
    if symbols.default is None:
        diagnostics.append(
            Diagnostic(
                "ROE212",
                "the policy has no `default` action",
                bundle.root.source.span(0, 0),
                "add a line such as `default answer`: it decides the messages no rule matches",
            )
        )
    if BUILTIN_TEAM not in symbols.teams:
        symbols.teams[BUILTIN_TEAM] = TeamInfo(BUILTIN_TEAM, "Modération", 3600, NO_SPAN, builtin=True)
    for name, disable in symbols.disabled.items():
        if name not in rule_spans:
            diagnostics.append(
                Diagnostic(
                    "ROE225",
                    f"cannot disable unknown rule `{name}`",
                    disable.rule.span,
                    did_you_mean(name, rule_spans, known="rules"),
                )
            )
    return symbols


def _check_contacts(item: ast.OrganisationDecl, diagnostics: list[Diagnostic]) -> None:
    from policy.analyzers.registry import contact_problem

    for contact in item.contacts:
        problem = contact_problem(contact.value)
        if problem is not None:
            diagnostics.append(
                Diagnostic(
                    "ROE227",
                    f"contact `{contact.value}` of the organisation is not usable: {problem}",
                    contact.span,
                    'list the organisation\'s own phone numbers and e-mail addresses, e.g. `"09 69 32 10 10"`',
                )
            )


def _header_kind(item: ast.Item) -> str | None:
    return {
        ast.PolicyHeader: "policy",
        ast.DefaultDecl: "default",
        ast.OnErrorDecl: "on error",
        ast.TimezoneDecl: "timezone",
        ast.HoursDecl: "hours",
        ast.HolidaysDecl: "holidays",
    }.get(type(item))


def _declare(
    table: MutableMapping[str, Any], name: ast.Name, kind: str, diagnostics: list[Diagnostic], value: object
) -> None:
    if name.value in table:
        previous = table[name.value]
        span = getattr(previous, "span", NO_SPAN)
        diagnostics.append(
            Diagnostic(
                "ROE208",
                f"duplicate {kind} `{name.value}`",
                name.span,
                f"rename one of them, or use `extend lexicon {name.value}` to add terms"
                if kind == "lexicon"
                else "rename one of them",
                notes=(_first_seen(kind, name.value, span),) if span is not NO_SPAN else (),
            )
        )
        return
    table[name.value] = value


def _terms(
    bundle: Bundle, file: LoadedFile, inline: tuple[ast.Str, ...] | None, path: ast.Str | None
) -> tuple[LexiconTerm, ...]:
    if inline is not None:
        return tuple(LexiconTerm(s.value, s.span) for s in inline)
    assert path is not None
    return bundle.lexicon_files.get(_lexicon_key(file, path), ())


def _lexicon_key(file: LoadedFile, path: ast.Str) -> str:
    return str((file.path.parent / path.value).resolve())


def _extend(
    symbols: Symbols, bundle: Bundle, file: LoadedFile, item: ast.ExtendLexicon, diagnostics: list[Diagnostic]
) -> None:
    current = symbols.lexicons.get(item.name.value)
    if current is None:
        diagnostics.append(
            Diagnostic(
                "ROE203",
                f"unknown lexicon `{item.name.value}`",
                item.name.span,
                did_you_mean(item.name.value, symbols.lexicons, known="declared lexicons")
                or "declare it first with `lexicon`",
            )
        )
        return
    extra = _terms(bundle, file, item.terms, item.file)
    symbols.lexicons[item.name.value] = LexiconInfo(current.name, current.terms + extra, current.span)


def check_lexicon_terms(symbols: Symbols, diagnostics: list[Diagnostic]) -> None:
    for lexicon in symbols.lexicons.values():
        if not lexicon.terms and not lexicon.unreadable:
            diagnostics.append(
                Diagnostic(
                    "ROE253",
                    f"lexicon `{lexicon.name}` is empty",
                    lexicon.span,
                    "add terms, or remove the lexicon",
                    Severity.WARNING,
                )
            )
        for term in lexicon.terms:
            problem = TermMatcher.validate(term.text)
            if problem is not None:
                diagnostics.append(
                    Diagnostic(
                        "ROE219",
                        f"term `{term.text}` of lexicon `{lexicon.name}` can never match: {problem}",
                        term.span,
                        "write at least one letter or digit; `*` stands for the rest of a word",
                    )
                )


def _check_timezone(item: ast.TimezoneDecl, diagnostics: list[Diagnostic]) -> str:
    name = item.name.value
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        diagnostics.append(
            Diagnostic(
                "ROE217",
                f"unknown time zone `{name}`",
                item.name.span,
                did_you_mean(name, available_timezones()) or "use an IANA name such as `Europe/Paris`",
            )
        )
        return DEFAULT_TIMEZONE
    return name


def _check_hours(item: ast.HoursDecl, diagnostics: list[Diagnostic]) -> tuple[ast.HoursSpec, ...]:
    for spec in item.specs:
        for r in spec.ranges:
            start = r.start.hour * 60 + r.start.minute
            end = r.end.hour * 60 + r.end.minute
            if end <= start:
                diagnostics.append(
                    Diagnostic(
                        "ROE218",
                        f"opening hours `{r.span.text}` end before they start",
                        r.span,
                        "write the opening time first, e.g. `09:00-19:00`; for a night shift write two ranges",
                    )
                )
    return item.specs


def _check_holidays(item: ast.HolidaysDecl, diagnostics: list[Diagnostic]) -> tuple[str, str | None]:
    import holidays

    country = item.country.value
    subdivision = item.subdivision.value if item.subdivision else None
    supported = holidays.list_supported_countries()
    if country not in supported:
        diagnostics.append(
            Diagnostic(
                "ROE223",
                f"unknown holiday calendar `{country}`",
                item.country.span,
                did_you_mean(country, supported, known="ISO country codes") or "use an ISO code such as `FR`",
            )
        )
        return DEFAULT_HOLIDAYS
    if subdivision is not None and subdivision not in supported[country]:
        diagnostics.append(
            Diagnostic(
                "ROE223",
                f"unknown subdivision `{subdivision}` of holiday calendar `{country}`",
                item.subdivision.span if item.subdivision else item.span,
                did_you_mean(subdivision, supported[country], known=f"subdivisions of {country}"),
            )
        )
        return (country, None)
    return (country, subdivision)
