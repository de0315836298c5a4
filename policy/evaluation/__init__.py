"""Evaluation: measuring the analyzers (and later the whole policy) against public test suites.

Nothing here runs at decision time; these modules read openly licensed data sets and score a callable.
"""
