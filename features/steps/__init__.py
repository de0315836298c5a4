"""The step library of the Gherkin scenarios, in French (`fr`) and English (`en`), over `world`."""
