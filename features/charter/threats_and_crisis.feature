Feature: Charter §2.1 and §2.2, in English — threats are removed and escalated, crises reach the right team
  The default charter reads English messages too. A written threat is an offence from the first
  message (French Code pénal, art. 222-17): it is deleted, its evidence kept, legal alerted.

  Background:
    Given the default policy
    And a comment posted on facebook

  Scenario Outline: A threat against a person or property is deleted, its evidence kept, legal alerted
    When the message "<message>" is decided
    Then the action is delete
    And the message is escalated to "legal" with priority critical
    And the evidence is kept
    And the legal qualification is "threat"
    And the decision cites "222-17"

    Examples:
      | message                      |
      | I'm going to kill you        |
      | I will burn your store down  |

  Scenario: The words of a threat are highlighted
    When the message "I will burn your store down" is decided
    Then the word "burn" is highlighted by the rule "menace"

  Scenario Outline: A crisis signal reaches the team that must act
    When the message "<message>" is decided
    Then the action is escalate
    And the message is escalated to "<team>" with priority <priority>
    And the legal qualification includes "crisis"

    Examples:
      | message                                                              | team   | priority |
      | my kid got burned by your kettle, we spent the night at the hospital | safety | high     |
      | honestly I want to end it all                                        | safety | critical |
      | Reporter at The Guardian here, could you comment on the recall?      | pr     | high     |

  Scenario: An insult aimed at an identifiable person is removed
    When the message "your manager in Leeds is a fucking idiot" is decided
    Then the message is removed
    And the legal qualification includes "insult"

  Scenario: Accusing the company itself of a precise fraud is for legal, not a complaint
    When the message "Maison Lumière falsifies the safety certificates of its lamps to sell them" is decided
    Then the message is escalated to "legal"
    And the legal qualification includes "defamation"

  Scenario: Calling the company names without a precise fact is harsh criticism, answered
    # A value judgement about a company is no defamation (no fact open to proof), and the charter
    # removes insults of natural persons only (LEGAL.md §2.2, §2.4).
    When the message "this company is a bunch of thieves and frauds" is decided
    Then the action is answer
