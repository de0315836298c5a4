Feature: Charter §2.4 and §2.5, in English — customers get an answer, noise gets none
  Harsh criticism of products and services is answered (Cass. 1re civ., 20 Sept 2012); noise and
  untargeted profanity are ignored.

  Background:
    Given the default policy
    And a comment posted on instagram

  Scenario Outline: Complaints, questions and praise are answered
    When the message "<message>" is decided
    Then the action is answer
    And the message is not escalated
    And the message is not removed

    Examples:
      | message                                              |
      | my order never arrived, worst customer service ever  |
      | is the blue lamp in stock?                           |
      | love my new lamp, thank you                          |
      | your lamps are overpriced                            |

  Scenario: The reply to a complaint greets the customer by name
    Given the author is named "Sam"
    When the message "my order never arrived, worst customer service ever" is decided
    Then the suggested reply contains "Bonjour Sam"
    And the legal qualification is "customer service"

  Scenario Outline: Noise is ignored
    When the message "<message>" is decided
    Then the action is ignore
    And no reply is suggested

    Examples: Chatter
      | message |
      | lol     |

    Examples: Profanity aimed at nobody
      | message        |
      | fucking monday |
