"""Gherkin scenarios a legal reviewer can read; their steps live in `features.steps`."""
