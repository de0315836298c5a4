#!/usr/bin/env python3
"""Validate the labelled message corpus (tests/corpus/*.jsonl) and print its distribution.

Standard library only, so it runs before the package is installed:

    python tests/corpus/validate.py                 # dev.jsonl and holdout.jsonl
    python tests/corpus/validate.py --quiet FILE…   # only errors and the totals

Checks: one JSON object per line, the schema of README.md, unique ids across every file read,
allowed labels and tags, and that each `expect` follows the label convention of README.md
(`expected_decision` below is that table, executable). Exit status 1 when anything is wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

LANGS = {"fr", "en"}
CHANNELS = {"facebook", "instagram", "x", "google", "forum", "linkedin", "tiktok", "youtube"}
KINDS = {"comment", "reply", "mention", "dm", "review", "post"}
ACTIONS = ("ignore", "answer", "escalate", "hide", "delete")  # weakest → strongest
RANK = {a: i for i, a in enumerate(ACTIONS)}
TEAMS = {"legal", "pr", "support", "moderation", "safety"}
CATEGORIES = {
    "customer_service",
    "praise",
    "defamation",
    "defamation_nonpublic",
    "insult",
    "insult_nonpublic",
    "hate",
    "threat",
    "harassment",
    "personal_data",
    "doxxing",
    "spam",
    "impersonation",
    "crisis",
    "legal",
    "none",
}
ID_ABBR = {
    "customer_service": "cs",
    "praise": "praise",
    "defamation": "def",
    "defamation_nonpublic": "defnp",
    "insult": "ins",
    "insult_nonpublic": "insnp",
    "hate": "hate",
    "threat": "thr",
    "harassment": "har",
    "personal_data": "pd",
    "doxxing": "dox",
    "spam": "spam",
    "impersonation": "imp",
    "crisis": "cri",
    "legal": "leg",
    "none": "none",
}
GROUNDS = {"origin", "religion", "sex", "sexual_orientation", "gender_identity", "disability"}

# Crisis sub-type tags → teams (README "Conventions"). Every crisis case carries at least one.
CRISIS_TEAMS = {
    "product_safety": {"pr", "safety"},
    "injury": {"pr", "safety"},
    "health_risk": {"pr", "safety"},
    "store_incident": {"pr", "safety"},
    "self_harm": {"safety"},
    "press": {"pr"},
    "boycott": {"pr"},
    "virality": {"pr"},
}

# The tag vocabulary (README "Tags"). Unknown tags are errors so that typos do not split counts.
KNOWN_TAGS = {
    # measurement probes
    "obfuscated",
    "fp_trap",
    "ambiguous",
    "homoglyph",
    "zero_width",
    # target
    "named",
    "initials",
    "handle",
    "first_name_function",
    "function_place",
    "identifiable_unnamed",
    "not_identifiable",
    "company",
    "group",
    "public_official",
    "cm",
    # form of the imputation
    "dubitative",
    "insinuation",
    "negation",
    "fiction",
    "quotation",
    "counter_speech",
    "reported",
    # false-positive families
    "hyperbole",
    "profanity",
    "harsh_criticism",
    "sarcasm",
    "place_name",
    "substring",
    "reclaimed",
    "group_mention",
    "brand_contact",
    "order_number",
    "price",
    "date",
    # personal data
    "own_data",
    "third_party",
    "phone",
    "email",
    "iban",
    "card",
    "nir",
    "address",
    "plate",
    "international",
    "location",
    "family",
    # threats and harassment
    "conditional",
    "property",
    "death_threat",
    "weapon",
    "bomb_alert",
    "raid",
    "repeated",
    # spam and impersonation
    "link",
    "phishing",
    "crypto",
    "bot",
    "giveaway",
    "adult",
    "fake_account",
    # crisis
    *CRISIS_TEAMS,
    "influencer",
    "weekend",
    "night",
    # legal
    "formal_notice",
    "gdpr",
    "cnil",
    "class_action",
    "discrimination",
    "lawyer",
    "regulator",
    # shape of the message
    "dm",
    "long",
    "short",
    "sms",
    "chatter",
    "code_switch",
}

TOP_KEYS = {"id", "text", "lang", "channel", "kind", "author", "received_at", "expect", "tags", "note"}
REQUIRED_KEYS = {"id", "text", "lang", "channel", "kind", "expect", "tags", "note"}
AUTHOR_KEYS = {"name", "handle", "followers", "verified"}
EXPECT_KEYS = {"action", "categories", "escalate_to"}
ID_RE = re.compile(r"^(fr|en)-([a-z]+)-(\d{3})$")
TAG_RE = re.compile(r"^[a-z0-9_]+(:[a-z_]+)?$")


def expected_decision(categories: list[str], tags: list[str]) -> tuple[str, list[str]]:
    """The label convention of README.md: each category gives an action and teams; the strongest
    action wins and teams accumulate (DESIGN.md §3)."""
    tagset = set(tags)
    actions: list[str] = []
    teams: set[str] = set()
    for cat in categories:
        if cat in ("customer_service", "praise"):
            actions.append("answer")
        elif cat in ("none", "insult_nonpublic"):
            actions.append("ignore")
        elif cat in ("defamation", "defamation_nonpublic", "legal"):
            actions.append("escalate")
            teams.add("legal")
        elif cat in ("insult", "hate", "spam"):
            actions.append("delete")
        elif cat == "threat":
            # A threat the author *received* and reports is escalated, not removed.
            actions.append("escalate" if "reported" in tagset else "delete")
            teams.add("legal")
        elif cat == "harassment":
            actions.append("escalate")
            teams |= {"legal", "moderation"}
        elif cat == "personal_data":
            actions.append("hide" if "own_data" in tagset else "delete")
        elif cat == "doxxing":
            actions.append("delete")
            teams.add("legal")
        elif cat == "impersonation":
            actions.append("escalate")
            teams |= {"pr", "legal"}
        elif cat == "crisis":
            actions.append("escalate")
            for tag in tagset & CRISIS_TEAMS.keys():
                teams |= CRISIS_TEAMS[tag]
    action = max(actions, key=RANK.__getitem__) if actions else "ignore"
    return action, sorted(teams)


def check_record(rec: object, where: str) -> list[str]:
    errs: list[str] = []

    def err(msg: str) -> None:
        errs.append(f"{where}: {msg}")

    if not isinstance(rec, dict):
        return [f"{where}: a line must hold a JSON object"]
    unknown = set(rec) - TOP_KEYS
    missing = REQUIRED_KEYS - set(rec)
    if unknown:
        err(f"unknown keys {sorted(unknown)}")
    if missing:
        err(f"missing keys {sorted(missing)}")
        return errs

    m = ID_RE.match(rec["id"]) if isinstance(rec["id"], str) else None
    if not m:
        err(f"id `{rec['id']}` must look like fr-def-001")
    text = rec["text"]
    if not isinstance(text, str) or not text.strip():
        err("text must be a non-empty string")
    elif "\\u" in text:
        err("text contains a literal \\u escape; write the actual character")
    if rec["lang"] not in LANGS:
        err(f"lang `{rec['lang']}` not in {sorted(LANGS)}")
    elif m and m.group(1) != rec["lang"]:
        err(f"id prefix `{m.group(1)}` does not match lang `{rec['lang']}`")
    if rec["channel"] not in CHANNELS:
        err(f"channel `{rec['channel']}` not in {sorted(CHANNELS)}")
    if rec["kind"] not in KINDS:
        err(f"kind `{rec['kind']}` not in {sorted(KINDS)}")

    author = rec.get("author")
    if author is not None:
        if not isinstance(author, dict) or set(author) - AUTHOR_KEYS or "name" not in author:
            err(f"author must be an object with `name` and optionally {sorted(AUTHOR_KEYS - {'name'})}")
        else:
            if not isinstance(author["name"], str) or not author["name"]:
                err("author.name must be a non-empty string")
            fol = author.get("followers", 0)
            if not isinstance(fol, int) or isinstance(fol, bool) or fol < 0:
                err("author.followers must be a non-negative integer")
            if not isinstance(author.get("verified", False), bool):
                err("author.verified must be a boolean")
    if "received_at" in rec:
        try:
            ts = datetime.fromisoformat(rec["received_at"])
            if ts.tzinfo is None:
                err("received_at needs a UTC offset (RFC 3339)")
        except (TypeError, ValueError):
            err(f"received_at `{rec['received_at']}` is not RFC 3339")

    tags = rec["tags"]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        err("tags must be a list of strings")
        tags = []
    elif len(set(tags)) != len(tags):
        err("duplicate tags")
    for tag in tags:
        if not TAG_RE.match(tag):
            err(f"tag `{tag}` must be lowercase snake_case")
        elif tag.startswith("aggravated:"):
            if tag.split(":", 1)[1] not in GROUNDS:
                err(f"tag `{tag}`: ground must be one of {sorted(GROUNDS)}")
        elif tag not in KNOWN_TAGS:
            err(f"unknown tag `{tag}` (add it to KNOWN_TAGS and README if it is meant)")

    note = rec["note"]
    if not isinstance(note, str) or not note.strip() or "\n" in note:
        err("note must be one non-empty line")

    exp = rec["expect"]
    if not isinstance(exp, dict) or set(exp) != EXPECT_KEYS:
        err(f"expect must have exactly {sorted(EXPECT_KEYS)}")
        return errs
    cats, action, esc = exp["categories"], exp["action"], exp["escalate_to"]
    if action not in RANK:
        err(f"action `{action}` not in {list(ACTIONS)}")
    if not isinstance(cats, list) or not cats or len(set(cats)) != len(cats):
        err("categories must be a non-empty list without duplicates")
        return errs
    bad = [c for c in cats if c not in CATEGORIES]
    if bad:
        err(f"unknown categories {bad}")
        return errs
    if not isinstance(esc, list) or len(set(esc)) != len(esc) or set(esc) - TEAMS:
        err(f"escalate_to must be a list of distinct teams from {sorted(TEAMS)}")
        return errs
    if "none" in cats and len(cats) > 1:
        err("`none` cannot be combined with another category")
    if m and ID_ABBR[cats[0]] != m.group(2):
        err(f"id `{rec['id']}` should use `{ID_ABBR[cats[0]]}` (its first category is `{cats[0]}`)")

    is_dm = rec["kind"] == "dm"
    if is_dm != ("dm" in tags):
        err("tag `dm` must be present exactly when kind is `dm`")
    if is_dm and {"defamation", "insult"} & set(cats):
        err("a DM is non-public: use defamation_nonpublic / insult_nonpublic")
    if not is_dm and {"defamation_nonpublic", "insult_nonpublic"} & set(cats):
        err("non-public categories need kind `dm`")
    if "personal_data" in cats and not ({"own_data", "third_party"} & set(tags)):
        err("personal_data needs a tag `own_data` or `third_party`")
    if "crisis" in cats and not (CRISIS_TEAMS.keys() & set(tags)):
        err(f"crisis needs a sub-type tag among {sorted(CRISIS_TEAMS)}")
    if any(t.startswith("aggravated:") for t in tags) and "hate" not in cats:
        err("`aggravated:*` tags are for hateful content (category `hate`)")
    if "hate" in cats and not any(t.startswith("aggravated:") for t in tags):
        err("hate needs at least one `aggravated:<ground>` tag")

    want_action, want_teams = expected_decision(cats, tags)
    if action != want_action or sorted(esc) != want_teams:
        err(f"expect {action} {sorted(esc)} breaks the convention: {cats} → {want_action} {want_teams}")
    return errs


def load(path: Path) -> tuple[list[dict], list[str]]:
    recs: list[dict] = []
    errs: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            where = f"{path.name}:{n}"
            if not line.strip():
                errs.append(f"{where}: blank line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                errs.append(f"{where}: invalid JSON ({exc.msg})")
                continue
            found = check_record(rec, where)
            errs.extend(found)
            if isinstance(rec, dict):
                rec["_where"] = where
                recs.append(rec)
    return recs, errs


def fmt_counter(counter: Counter, width: int = 22) -> str:
    rows = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return "\n".join(f"    {k:<{width}} {v:>4}" for k, v in rows)


def report(name: str, recs: list[dict], tags_limit: int | None) -> None:
    cats: Counter = Counter()
    primary: Counter = Counter()
    langs: Counter = Counter()
    actions: Counter = Counter()
    teams: Counter = Counter()
    tags: Counter = Counter()
    for r in recs:
        exp = r.get("expect", {})
        cats.update(exp.get("categories", []))
        if exp.get("categories"):
            primary[exp["categories"][0]] += 1
        langs[r.get("lang")] += 1
        actions[exp.get("action")] += 1
        teams.update(exp.get("escalate_to", []))
        tags.update(r.get("tags", []))
    print(f"\n== {name}: {len(recs)} messages")
    print("  languages:")
    print(fmt_counter(langs))
    print("  categories (every label; a message may carry several):")
    print(fmt_counter(cats))
    print("  first category (one per message):")
    print(fmt_counter(primary))
    print("  expected action:")
    print(fmt_counter(actions))
    print("  escalations:")
    print(fmt_counter(teams))
    shown = Counter(dict(tags.most_common(tags_limit))) if tags_limit else tags
    print("  tags:" if not tags_limit else f"  tags (top {tags_limit}):")
    print(fmt_counter(shown, 30))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="JSONL files (default: dev.jsonl holdout.jsonl)")
    ap.add_argument("--quiet", action="store_true", help="print errors and totals only")
    ap.add_argument("--all-tags", action="store_true", help="list every tag, not the top 25")
    args = ap.parse_args(argv)
    files = args.files or [HERE / "dev.jsonl", HERE / "holdout.jsonl"]

    all_recs: list[dict] = []
    errors: list[str] = []
    per_file: dict[str, list[dict]] = {}
    for path in files:
        if not path.exists():
            errors.append(f"{path}: not found")
            continue
        recs, errs = load(path)
        per_file[path.name] = recs
        all_recs.extend(recs)
        errors.extend(errs)

    seen: dict[str, str] = {}
    for r in all_recs:
        rid = r.get("id")
        if rid in seen:
            errors.append(f"{r['_where']}: duplicate id `{rid}` (first at {seen[rid]})")
        elif isinstance(rid, str):
            seen[rid] = r["_where"]
    texts: dict[str, str] = {}
    for r in all_recs:
        t = r.get("text")
        if isinstance(t, str):
            key = " ".join(t.casefold().split())
            if key in texts:
                errors.append(f"{r['_where']}: same text as {texts[key]}")
            texts.setdefault(key, r["_where"])

    if not args.quiet:
        limit = None if args.all_tags else 25
        for name, recs in per_file.items():
            report(name, recs, limit)
        if len(per_file) > 1:
            report("all files", all_recs, limit)
    tags = Counter(t for r in all_recs for t in r.get("tags", []))
    n = len(all_recs)
    fr = sum(r.get("lang") == "fr" for r in all_recs)
    print(
        f"\ntotal {n} messages, fr {fr} ({fr / max(n, 1):.0%}), obfuscated {tags['obfuscated']}, "
        f"fp_trap {tags['fp_trap']}, ambiguous {tags['ambiguous']}"
    )
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    print(f"{len(errors)} error(s)" if errors else "ok: no errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
