"""Safe arithmetic for derived observations.

A formula is an arithmetic expression over numbers, ``+ - * /``, parentheses
and references to other observations:

* ``{industrial_revenue@2018}``          -> value of that row
* ``{industrial_revenue@2018:yoy_pct}``  -> its growth rate in %
* ``{industrial_revenue@2018:change}``   -> its stated change

It is parsed with :mod:`ast`; nothing is ever passed to ``eval``.
"""

from __future__ import annotations

import ast
import math
import re
import threading
from collections.abc import Callable

__all__ = ["FormulaError", "REF", "references", "evaluate"]

REF = re.compile(r"\{\s*([a-z][a-z0-9_]*)@([^}:\s]+)\s*(?::\s*(value|yoy_pct|change)\s*)?\}")
_ANY_BRACE = re.compile(r"[{}]")
# CPython 3.11's ast.parse keeps its recursion depth in shared state: two threads parsing at once
# (two publishes, or gthread workers) can fail with "SystemError: AST constructor recursion depth
# mismatch". One parse at a time; a parse takes microseconds.
_PARSING = threading.Lock()


class FormulaError(ValueError):
    pass


def references(formula: str) -> list[tuple[str, str, str]]:
    """(indicator, period, field) for every reference in the formula."""
    return [(m.group(1), m.group(2), m.group(3) or "value") for m in REF.finditer(formula)]


def evaluate(formula: str, lookup: Callable[[str, str, str], float]) -> float:
    """Evaluate ``formula``; ``lookup(indicator, period, field)`` returns a number
    or raises ``KeyError``/``FormulaError`` for a missing reference."""
    names: dict[str, tuple[str, str, str]] = {}

    def _sub(m: re.Match) -> str:
        name = f"__ref{len(names)}"
        names[name] = (m.group(1), m.group(2), m.group(3) or "value")
        return name

    expr = REF.sub(_sub, formula)
    if _ANY_BRACE.search(expr):
        raise FormulaError("malformed reference (expected {indicator@period} or {indicator@period:field})")
    try:
        with _PARSING:
            tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"syntax error: {exc.msg}") from None

    def _ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return _ev(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id in names:
            ind, per, field = names[node.id]
            try:
                v = lookup(ind, per, field)
            except KeyError:
                raise FormulaError(f"unknown reference {{{ind}@{per}:{field}}}") from None
            if v is None or (isinstance(v, float) and math.isnan(v)):
                raise FormulaError(f"reference {{{ind}@{per}:{field}}} is empty")
            return float(v)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = _ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            a, b = _ev(node.left), _ev(node.right)
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            if b == 0:
                raise FormulaError("division by zero")
            return a / b
        raise FormulaError(f"not allowed in a formula: {ast.dump(node)[:60]}")

    return _ev(tree)
