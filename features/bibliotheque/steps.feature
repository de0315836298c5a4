Feature: The step library, in English
  Every sentence a scenario can use, tried at least once on a small policy
  (features/bibliotheque/boutique.roe).

  Background:
    Given the policy file "features/bibliotheque/boutique.roe"

  Scenario: A message described field by field
    Given a message "merci pour tout"
    And the message is posted on instagram
    And the message is a review
    And the author is named "Lea"
    And the author's handle is "@lea"
    And the author has 12000 followers
    And the author is verified
    And the author had 0 messages removed before
    And the message language is "en"
    When the message is decided
    Then the action is escalate
    And the message is escalated to "pr" with priority high
    And the escalation to "pr" is due within 1h
    And the message is not escalated to "legal"
    And the rule "remerciement" is overridden
    And the rule "remerciement" matches but loses to "vip"
    And the rule "injure" does not match
    And the legal qualification is "crisis and praise"
    And the decision reports no error
    And no reply is suggested

  Scenario: A popular author who is not verified
    Given a message "merci"
    And the author has 20000 followers
    And the author is not verified
    When the message is decided
    Then the rule "vip" does not match

  Scenario: A message given as a table
    When the following message is decided:
      | text             | merci beaucoup            |
      | channel          | facebook                  |
      | kind             | comment                   |
      | author           | Paul                      |
      | handle           | @paul                     |
      | followers        | 3                         |
      | verified         | no                        |
      | prior violations | 0                         |
      | received at      | 2026-01-14T10:00:00+01:00 |
      | language         | en                        |
    Then the action is answer
    And only the rule "remerciement" matches
    And the rule "remerciement" matches
    And the suggested reply is "Merci Paul !"
    And the suggested reply contains "Paul"
    And the legal qualification includes "praise"
    And the legal qualification is not "insult"
    And the message is not escalated
    And the message is not removed

  Scenario: An insult removed, highlighted, cited
    Given a comment posted on facebook
    When the message "espèce d'abruti" is decided
    Then the action is delete
    And the message is removed
    And the evidence is kept
    And the word "abruti" is highlighted
    And the words "abruti" are highlighted
    And the word "abruti" is highlighted by the rule "injure"
    And the word "espèce" is not highlighted
    And the decision cites "art. 29 al. 2"
    And the rule "injure" cites "Loi du 29 juillet 1881"
    And the decision does not cite "Code pénal"
    And the legal qualification is "insult"

  Scenario: The day and time a message arrives
    Given a message "urgence : plus de courant"
    And the message is received on a sunday at 23:00
    When the message is decided
    Then the message is escalated to "legal"
    And the escalation to "legal" is due within 30m
    And the evidence is not kept

  Scenario: An exact arrival time
    Given a message "urgence : plus de courant"
    And the message is received at "2026-01-14T10:00:00+01:00"
    When the message is decided
    Then the default action applies
    And no rule matches
    And there is no legal qualification

  Scenario: A rule that cannot be evaluated lets nothing through
    Given the following policy:
      """
      policy "Fragile" version "1"
      default answer
      on error escalate to moderation
      rule repeat when author.prior_violations > 2 then hide cite "Charter, art. 3"
      """
    And a direct message received on messenger
    When the message "hello" is decided
    Then the decision reports an error for the rule "repeat"
    And the message is escalated to "moderation"

  Scenario: The same decision, twice
    When the message "merci" is decided twice
    Then both decisions are identical, timing aside

  Scenario: A policy written in the scenario
    Given the following policy:
      """
      policy "Inline" version "1"
      default ignore
      rule hello "Hello" when text contains "hello" then answer
      """
    When the message "hello there" is decided
    Then the action is answer
    And the rule "hello" matches

  Scenario Outline: Outlines fill <values> in sentences and tables
    When the following message is decided:
      | text      | <text>      |
      | followers | <followers> |
    Then the action is <action>

    Examples:
      | text            | followers | action |
      | merci           | 12        | answer |
      | espèce d'abruti | 12        | delete |
