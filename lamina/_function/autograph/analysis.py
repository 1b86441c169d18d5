"""Static analyses over one function scope, used to decide what a converted statement carries.

All three work on structured code: by the time they run, `return`, `break` and `continue` have been
rewritten into flag variables (see transformer.py), so control only flows through `if`, `while`,
`for`, `try` and `with`, and a backward pass over the statement tree is an exact liveness analysis
for the constructs we convert (`try` is treated conservatively: nothing inside it kills a name).

- `assigned_names`: the names a block binds in this scope (not inside nested functions, lambdas or
  comprehensions, which are scopes of their own).
- `annotate_liveness`: stores on every `if`/`while`/`for` node the names live after it
  (`ag_live_out`) and, for loops, the names live at the loop head (`ag_live_head`). Only those are
  carried through graph control flow: a temporary assigned in one branch and never read again
  needs no value in the other branch.
- `definitely_assigned`: the names a statement binds on every path (forward, used to decide which
  names need an `Undefined` placeholder before a converted statement).
"""

from __future__ import annotations

import ast

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _target_names(target) -> set[str]:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_target_names(e) for e in target.elts)) if target.elts else set()
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return set()  # attributes and subscripts bind no name


class _Assigned(ast.NodeVisitor):
    def __init__(self):
        self.names: set[str] = set()

    def visit_Name(self, node):  # noqa: N802 - ast.NodeVisitor's naming
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self.names.add(node.id)

    def _scope(self, node):
        self.names.add(node.name)
        for decorator in node.decorator_list:
            self.visit(decorator)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scope  # noqa: N815

    def visit_Lambda(self, node):  # noqa: N802
        """A lambda's parameters are its own: nothing it binds leaks into the enclosing scope."""

    def _comprehension(self, node):
        """Only a walrus leaks out of a comprehension, and conversion does not rely on it."""

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension  # noqa: N815

    def visit_ExceptHandler(self, node):  # noqa: N802
        if node.name:
            self.names.add(node.name)
        self.generic_visit(node)

    def visit_Import(self, node):  # noqa: N802
        for alias in node.names:
            self.names.add((alias.asname or alias.name).split(".")[0])

    visit_ImportFrom = visit_Import  # noqa: N815

    def visit_Global(self, node):  # noqa: N802
        """`global`/`nonlocal` names are bound elsewhere, not in this scope."""

    visit_Nonlocal = visit_Global  # noqa: N815


def assigned_names(nodes) -> set[str]:
    """Names bound by `nodes` (statements or expressions) in the current scope."""
    visitor = _Assigned()
    for node in nodes if isinstance(nodes, list) else [nodes]:
        visitor.visit(node)
    return visitor.names


def read_names(node) -> set[str]:
    """Every name loaded anywhere under `node`, nested functions included (conservative)."""
    if node is None:
        return set()
    nodes = node if isinstance(node, list) else [node]
    return {
        n.id
        for root in nodes
        for n in ast.walk(root)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }


# ---- liveness (backward) -----------------------------------------------------------------------
def annotate_liveness(body: list, live_out: set[str] = frozenset()) -> set[str]:
    """Annotates control statements in `body` with liveness; returns the names live at its start."""
    live = set(live_out)
    for statement in reversed(body):
        live = _live_in(statement, live)
    return live


def _live_in(node, live_out: set[str]) -> set[str]:
    if isinstance(node, ast.If):
        node.ag_live_out = set(live_out)
        body_in = annotate_liveness(node.body, live_out)
        return read_names(node.test) | body_in | annotate_liveness(node.orelse, live_out)
    if isinstance(node, (ast.While, ast.For)):
        return _loop_live_in(node, live_out)
    if isinstance(node, ast.Try):  # conservative: no kills, everything read inside is live
        for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
            annotate_liveness(block, set(live_out) | read_names(node))
        return set(live_out) | read_names(node)
    if isinstance(node, (ast.With, ast.AsyncWith)):
        body_in = annotate_liveness(node.body, live_out)
        return body_in | read_names(node.items)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return (set(live_out) - {node.name}) | read_names(node)
    if isinstance(node, ast.Return):
        return read_names(node.value)
    if isinstance(node, (ast.Break, ast.Continue, ast.Raise)):
        return set(live_out) | read_names(node)
    return (set(live_out) - _kills(node)) | read_names(node)


def _loop_live_in(node, live_out: set[str]) -> set[str]:
    node.ag_live_out = set(live_out)
    head = set(live_out) | annotate_liveness(node.orelse, live_out)
    if isinstance(node, ast.While):
        head |= read_names(node.test)
    targets = _target_names(node.target) if isinstance(node, ast.For) else set()
    extra = getattr(node, "ag_extra_test", None)
    head |= read_names(extra)
    while True:  # fixed point: what the body needs at its start is live at the head
        body_in = annotate_liveness(node.body, head) - targets
        if body_in <= head:
            break
        head |= body_in
    node.ag_live_head = head
    return head | (read_names(node.iter) if isinstance(node, ast.For) else set())


def _kills(node) -> set[str]:
    if isinstance(node, ast.Assign):
        return set().union(*(_target_names(t) for t in node.targets))
    if isinstance(node, ast.AnnAssign) and node.value is not None:
        return _target_names(node.target)
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return assigned_names(node)
    return set()


# ---- definite assignment (forward) ---------------------------------------------------------------
def definitely_assigned(node) -> set[str]:
    """Names bound by `node` on every path through it that completes normally."""
    if isinstance(node, list):
        names: set[str] = set()
        for statement in node:
            names |= definitely_assigned(statement)
        return names
    if isinstance(node, ast.If):
        return definitely_assigned(node.body) & definitely_assigned(node.orelse)
    if isinstance(node, (ast.While, ast.For)):
        return set()  # the body may run zero times
    if isinstance(node, ast.Try):
        normal = definitely_assigned(node.body) | definitely_assigned(node.orelse)
        for handler in node.handlers:
            normal &= definitely_assigned(handler.body)
        return normal | definitely_assigned(node.finalbody)
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return definitely_assigned(node.body) | assigned_names(node.items)
    if isinstance(node, ast.AugAssign):
        return set()  # it needs the name already
    return assigned_names(node) - (assigned_names(node) if isinstance(node, ast.Delete) else set())
