"""Analyzers: pure functions of a message that the engine calls lazily, cheapest first."""
