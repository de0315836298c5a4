"""Syntax: the only package that imports Lark. Source text in, typed AST and diagnostics out."""

from policy.syntax.parser import ParseResult, keywords, parse

__all__ = ["ParseResult", "keywords", "parse"]
