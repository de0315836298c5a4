"""Wire stage: the v1 JSON contract of the HTTP API, as pydantic models (DESIGN §4).

These models are the *contract* a moderation tool codes against, kept apart from the library's own
types (`policy.model`): the library may grow, the wire shape only changes with a new version. They
serve three purposes:

* validating what comes in (`MessageV1`, `BatchRequestV1`, `LintRequestV1`) — strict: no coercion
  (`"12"` is not a number), unknown fields rejected, every problem reported at once;
* documenting what goes out (`DecisionV1`, `PolicyInfoV1`, `ProblemV1`, …) in `/openapi.json`;
* checking, in the tests, that what the server sends is exactly what the schema promises
  (`extra="forbid"` on the way out too, so a field added by accident is caught).

Responses are *built* by `api.wire` straight from the library objects (plain dicts serialised with
orjson: the hot path does not pay for a model instance per decision).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.config import JsonDict

API_VERSION = "v1"

# Limits of the v1 contract (documented in docs/api.md). The longest public post of the platforms we
# serve is Facebook's (63,206 characters); 64 Ki characters leaves room without inviting abuse.
MAX_TEXT_CHARS = 65_536
MAX_BATCH = 1_000
DEFAULT_MAX_BODY = 1 << 20  # bytes; `roe serve --max-body`
MAX_COUNT = 2**63 - 1  # follower and violation counts: any JSON integer a 64-bit client can send
# A relative path, `/`-separated, without a `..` segment (nor `\`, NUL, or a leading `/`): lint requests
# name virtual files, and such a name cannot make the server resolve anything outside them.
_SEGMENT = r"(?:[^/\\\x00.][^/\\\x00]*|\.[^/\\\x00.][^/\\\x00]*|\.|\.\.[^/\\\x00]+)"
RELATIVE_PATH = rf"^{_SEGMENT}(?:/{_SEGMENT})*$"
RelativePath = Annotated[str, Field(min_length=1, max_length=255, pattern=RELATIVE_PATH)]
# Years 1000-8999: every deadline computed from the timestamp stays inside Python's calendar (a message
# stamped 9999-12-31 would overflow it), and nothing a platform sends is left out.
RECEIVED_AT_PATTERN = r"^[1-8][0-9]{3}-"


def _integral(value: Any) -> Any:
    # JSON Schema counts 12.0 as an integer, and so do we; 12.5, "12" and true stay errors (strict).
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Count = Annotated[int, Field(ge=0, le=MAX_COUNT), BeforeValidator(_integral)]

Kind = Literal["comment", "reply", "mention", "dm", "review", "post"]
ActionWord = Literal["ignore", "answer", "escalate", "hide", "delete"]
PriorityWord = Literal["low", "normal", "high", "critical"]
Explain = Literal["off", "matches", "full"]
ReloadTrigger = Literal["startup", "watch", "api", "broadcast"]

_DATE_TIME: JsonDict = {"format": "date-time"}


class _In(BaseModel):
    """Request bodies: strict types, unknown fields are errors, never dropped."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Out(BaseModel):
    """Response bodies: exactly these fields (additionalProperties: false in the schema)."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


# ---------------------------------------------------------------- message in


class AuthorV1(_In):
    """Who wrote the message. Every field is optional."""

    id: str | None = None
    name: str | None = None
    handle: str | None = None
    followers: Count | None = None
    verified: bool | None = None
    prior_violations: Count | None = None


class MessageV1(_In):
    """One incoming message (comment, reply, mention, direct message, review, post)."""

    def to_library(self) -> dict[str, Any]:
        """The message as the library reads it (`Message.from_dict`): the fields that were sent, with
        their validated values."""
        return self.model_dump(exclude_unset=True)

    id: str | None = Field(None, description="Your id for the message; echoed as `message_id`.")
    text: str = Field(max_length=MAX_TEXT_CHARS, description="The message text (required).")
    channel: str | None = Field(
        None,
        description="Platform, lowercase: facebook, instagram, x, tiktok, youtube, linkedin, google, forum, email…; "
        "an unknown platform is accepted as-is.",
    )
    kind: Kind | None = None
    author: AuthorV1 | None = None
    received_at: str | None = Field(
        None,
        pattern=RECEIVED_AT_PATTERN,
        json_schema_extra=_DATE_TIME,
        description="RFC 3339 timestamp with its offset, e.g. 2026-11-22T03:00:00+01:00 (years 1000-8999); "
        "now when absent.",
    )
    thread_id: str | None = None
    lang: str | None = Field(None, description="Language code (fr, en…); guessed when absent.")
    metadata: dict[str, Any] | None = Field(None, description="Free object, usable by rules (`metadata.x`).")


class BatchRequestV1(_In):
    messages: list[MessageV1] = Field(
        max_length=MAX_BATCH,
        description=f"Up to {MAX_BATCH:,} messages. A message that is not valid yields an error entry at its "
        "index; the others are decided.",
    )


class BatchEnvelope(_In):
    """What the server validates of a batch before deciding: the envelope only. Each message is then
    validated on its own, so that one bad message yields an error entry, not a failed batch."""

    messages: list[Any] = Field(max_length=MAX_BATCH)


def _closed_map(schema: JsonDict) -> None:
    # pydantic writes a constrained key as `patternProperties`, which leaves other keys open to any
    # value; the map is closed: every key is a relative path, every value a string.
    schema.pop("patternProperties", None)
    schema["propertyNames"] = {"minLength": 1, "maxLength": 255, "pattern": RELATIVE_PATH}
    schema["additionalProperties"] = {"type": "string"}


class LintRequestV1(_In):
    """Rule text to check. Nothing is read from the server's disk: included rule files and lexicon
    files must be given in `files` (path relative to `path` → content)."""

    text: str = Field(description="The rule file to check.")
    path: RelativePath = Field(
        "policy.roe", description="The name shown in diagnostics (relative, no `..`); includes are resolved from it."
    )
    files: dict[RelativePath, str] = Field(
        default_factory=dict,
        description="Included rule files and lexicon files: relative path → content.",
        json_schema_extra=_closed_map,
    )


# ---------------------------------------------------------------- decision out


class EvidenceV1(_Out):
    """Words of the original message (code-point offsets) that made a condition true. Personal data
    found by the personal-data analyzer (`pii.*` labels) is masked."""

    start: int
    end: int
    text: str
    label: str


class EscalationV1(_Out):
    team: str
    priority: PriorityWord
    due_at: str = Field(json_schema_extra=_DATE_TIME)
    team_title: str
    rules: list[str] = Field(description="The rules (or `default`, `on error`) that asked for this escalation.")


class MatchedRuleV1(_Out):
    rule: str
    title: str | None
    action: ActionWord
    effects: list[str]
    because: str | None
    cite: list[str]
    evidence: list[EvidenceV1] = Field(description="Empty with `explain=off`.")
    source: str = Field(description="Where the rule is written: `file:line`.")
    categories: list[str]


class OverriddenV1(_Out):
    rule: str
    action: ActionWord
    overridden_by: str


class RuleErrorV1(_Out):
    rule: str
    code: str
    message: str
    source: str


class PolicyRefV1(_Out):
    name: str
    version: str | None
    sha256: str


class DecisionV1(_Out):
    decision_id: str = Field(description="Unique id of this decision (uuid4); also in the decision log.")
    message_id: str | None
    action: ActionWord
    escalations: list[EscalationV1]
    keep_evidence: bool
    reply: str | None = Field(description="The rendered reply template, when the action is `answer`.")
    matched: list[MatchedRuleV1]
    overridden: list[OverriddenV1]
    errors: list[RuleErrorV1]
    default_applied: bool
    categories: list[str]
    policy: PolicyRefV1 = Field(description="The policy that made this decision.")
    elapsed_us: int
    analyses: dict[str, Any] | None = Field(
        None,
        description="The legal analyses a rule needed (press-law qualification with its limitation deadline, targets, "
        "imputation, threat, hate), all of them with `explain=full`; absent when none ran.",
    )
    explanation: dict[str, Any] | None = Field(None, description="Only with `explain=full`: every rule's trace.")


# ---------------------------------------------------------------- problems (RFC 9457)


class FieldErrorV1(_Out):
    location: Literal["body", "query", "header"]
    field: str = Field(description="Path of the field in the request, e.g. `author.followers`, `messages[3].text`.")
    problem: str
    help: str | None = None


class DiagnosticV1(_Out):
    """A problem in rule text — the fields of `roe lint --format json`."""

    code: str
    severity: Literal["error", "warning"]
    message: str
    help: str | None
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    notes: list[str]


class ReloadErrorV1(_Out):
    at: str = Field(json_schema_extra=_DATE_TIME)
    trigger: ReloadTrigger
    message: str
    diagnostics: list[DiagnosticV1]


class ProblemV1(_Out):
    """An error, as `application/problem+json` (RFC 9457)."""

    type: str = Field(description="A stable URN naming the kind of problem, e.g. `urn:roe:problem:invalid-json`.")
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldErrorV1] = Field(default_factory=list, description="Each field at fault and its problem.")
    diagnostics: list[DiagnosticV1] | None = Field(None, description="`policy-invalid`: the rule file problems.")
    serving: PolicyRefV1 | None = Field(None, description="`policy-invalid`: the policy that keeps serving.")
    last_error: ReloadErrorV1 | None = Field(None, description="`not-ready`: why no policy is loaded yet.")


class BatchItemErrorV1(_Out):
    index: int
    message_id: str | None
    error: ProblemV1


class BatchResponseV1(_Out):
    decisions: list[DecisionV1 | BatchItemErrorV1] = Field(description="One entry per message, in order.")
    policy: PolicyRefV1 = Field(description="The one policy that decided the whole batch.")


# ---------------------------------------------------------------- policy, lint, health


class RuleInfoV1(_Out):
    id: str
    title: str | None
    action: ActionWord
    effects: list[str]
    priority: int
    categories: list[str]
    source: str = Field(description="`file:line`")


class ReloadStatusV1(_Out):
    at: str = Field(json_schema_extra=_DATE_TIME)
    trigger: ReloadTrigger
    ok: bool


class PolicyInfoV1(_Out):
    name: str
    version: str | None
    sha256: str
    loaded_at: str = Field(json_schema_extra=_DATE_TIME)
    default: ActionWord
    files: list[str]
    rules: list[RuleInfoV1]
    watching: bool
    last_reload: ReloadStatusV1 | None
    last_error: ReloadErrorV1 | None = Field(
        description="The last reload that failed, while the policy above keeps serving; null once a reload succeeds."
    )


class ReloadResultV1(_Out):
    changed: bool
    previous_sha256: str | None
    policy: PolicyRefV1
    loaded_at: str = Field(json_schema_extra=_DATE_TIME)
    warnings: list[DiagnosticV1]


class LintResultV1(_Out):
    ok: bool = Field(description="No errors (warnings allowed).")
    files: list[str]
    diagnostics: list[DiagnosticV1]
    errors: int
    warnings: int


class HealthV1(_Out):
    status: Literal["ok"]


class ReadyV1(_Out):
    status: Literal["ready"]
    policy: PolicyRefV1


REQUEST_MODELS: tuple[type[BaseModel], ...] = (MessageV1, BatchRequestV1, LintRequestV1)
