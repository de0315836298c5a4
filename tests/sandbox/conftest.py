"""A small policy file for sandbox sessions: one rule per behaviour a session must show."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from policy.sandbox.session import Session

POLICY = """policy "Sandbox test" version "1"
default answer
on error escalate to moderation
timezone "Europe/Paris"
hours mon-fri 09:00-19:00

team legal "Direction juridique" within 4h
team pr "Relations presse" within 1h

lexicon plaintes = ["commande", "colis", "livrée"]
lexicon eloges = ["merci", "bravo"]

template excuse = "Bonjour {author.name|à vous}, désolés !"

define hors_service = outside hours

rule plainte "Client mécontent"
  when text contains any plaintes
  then answer with excuse
  because "Un client mécontent mérite une réponse."

rule eloge "Compliment"
  when text contains any eloges and not (text contains any plaintes)
  then answer

rule injure "Injure"
  when text contains "abruti"
  then delete, keep evidence
  because "Injure (art. 29 al. 2)"
  cite "Loi du 29 juillet 1881, art. 29 al. 2"

rule vip "Compte très suivi"
  when author.followers >= 10000 and text contains "boycott"
  then escalate to pr priority critical

rule nuit "Signalement hors service"
  when hors_service and text contains "feu"
  then escalate to legal priority high

rule prive "Message privé"
  when kind dm and text contains "avocat"
  then escalate to legal
"""

# A Wednesday, 10:00 in Paris: within business hours.
NOW = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "policy.roe"
    path.write_text(POLICY, encoding="utf-8")
    return path


@pytest.fixture
def session(policy_file: Path) -> Session:
    opened, checked = Session.open(policy_file)
    assert opened is not None, [d.message for d in checked.diagnostics]
    opened.clock = lambda: NOW
    return opened
