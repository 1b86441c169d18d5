"""The AST rewrite of one function: Python control flow -> calls into `runtime` (`ag__`).

The passes, in order, for each function scope (nested `def`s are scopes of their own):

1. `return` inside compound statements -> `do_return` / `retval_` flags; the statements after a
   statement that may return run under `if not do_return:` (or move into the other branch of an
   `if` whose branch always returns, so `if c: return a` / `return b` gives both branches a value).
2. `break` / `continue` -> `break_` / `continue_` flags, the same way; `break_` (and `do_return`)
   become an extra loop test.
3. Expressions: `and`/`or`/`not`/`x if c else y`, `print`, `assert`, and calls (user functions
   are converted when called: `ag__.converted(f)(args)`).
4. Analysis (analysis.py): liveness, so only variables read later are carried through a branch
   or loop; and which variables need an `Undefined` placeholder before a converted statement.
5. `if`/`while`/`for` -> local functions (bodies, get_state/set_state) and one `ag__.*_stmt` call.
   The bodies assign the function's variables through `nonlocal`, so Python semantics hold.

Every generated node takes the line of the statement it replaces, so tracebacks show user lines.
"""

from __future__ import annotations

import ast

from lamina._function.autograph import analysis

RUNTIME = "ag__"
_LOOPS = (ast.While, ast.For)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


class _Namer:
    """Fresh names that collide with nothing in the function."""

    def __init__(self, tree):
        self.used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        self.used |= {n.arg for n in ast.walk(tree) if isinstance(n, ast.arg)}

    def new(self, base: str) -> str:
        name, count = base, 0
        while name in self.used:
            count += 1
            name = f"{base}_{count}"
        self.used.add(name)
        return name


# ---- node helpers -------------------------------------------------------------------------------------
def _strip_locations(node):
    for child in ast.walk(node):
        for attribute in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
            if hasattr(child, attribute):
                delattr(child, attribute)
    return node


def _statements(source: str, reference) -> list:
    """Parses generated code, placed at `reference`'s line (children inherit it at the end)."""
    statements = ast.parse(source).body
    for statement in statements:
        ast.copy_location(_strip_locations(statement), reference)
        # One line: Python 3.11 reports a method call at its attribute's *end* line.
        statement.end_lineno, statement.end_col_offset = statement.lineno, statement.col_offset
    return statements


def _expression(source: str):
    return _strip_locations(ast.parse(source, mode="eval").body)


def _not(name: str):
    return ast.UnaryOp(op=ast.Not(), operand=ast.Name(id=name, ctx=ast.Load()))


def _thunk(expression):
    arguments = ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[])
    return ast.copy_location(ast.Lambda(args=arguments, body=expression), expression)


def _runtime_call(function: str, arguments: list, reference):
    call = ast.Call(func=_expression(f"{RUNTIME}.{function}"), args=arguments, keywords=[])
    return ast.copy_location(call, reference)


def _guard(flags: list, body: list, reference) -> ast.If:
    test = _not(flags[0]) if len(flags) == 1 else ast.BoolOp(op=ast.And(), values=[_not(f) for f in flags])
    return ast.copy_location(ast.If(test=test, body=body, orelse=[]), reference)


def _scope_walk(node):
    """ast.walk that does not enter nested scopes."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, _SCOPES):
                stack.append(child)


def _contains(statements, kind, into_loops=True) -> bool:
    for statement in statements:
        if isinstance(statement, kind):
            return True
        if isinstance(statement, _SCOPES) or (not into_loops and isinstance(statement, _LOOPS)):
            continue
        for block in _blocks(statement):
            if _contains(block, kind, into_loops):
                return True
    return False


def _blocks(statement) -> list:
    blocks = [getattr(statement, f) for f in ("body", "orelse", "finalbody") if hasattr(statement, f)]
    blocks += [handler.body for handler in getattr(statement, "handlers", [])]
    return [b for b in blocks if isinstance(b, list)]


def _add_extra_test(loop, expression):
    if isinstance(loop, ast.While):
        loop.test = ast.BoolOp(op=ast.And(), values=[expression, loop.test])
    else:
        previous = getattr(loop, "ag_extra_test", None)
        loop.ag_extra_test = (
            expression if previous is None else ast.BoolOp(op=ast.And(), values=[expression, previous])
        )


# ---- 1. return -------------------------------------------------------------------------------------
class _Returns:
    def __init__(self, namer):
        self.flag = namer.new("do_return")
        self.value = namer.new("retval_")

    def block(self, statements):
        """(lowered statements, whether they always return)."""
        out = []
        for index, statement in enumerate(statements):
            new, may, always, branches = self.statement(statement)
            out += new
            if always:
                return out, True
            if may:
                rest, rest_always = self.block(statements[index + 1 :])
                if not rest:
                    return out, False
                if branches is not None and (branches[0] or branches[2]):
                    return out, self._move_into_branch(new[0], branches, rest, rest_always)
                out.append(_guard([self.flag], rest, statements[index + 1]))
                return out, False
        return out, False

    def _move_into_branch(self, node, branches, rest, rest_always):
        """`if c: ...return` followed by `rest`: `rest` runs only in the other branch."""
        body_always, body_may, orelse_always, orelse_may = branches
        if body_always:
            node.orelse = node.orelse + ([_guard([self.flag], rest, rest[0])] if orelse_may else rest)
            return orelse_may is False and rest_always
        node.body = node.body + ([_guard([self.flag], rest, rest[0])] if body_may else rest)
        return body_may is False and rest_always

    def statement(self, node):
        """(new statements, may return, always returns, if-branch info)."""
        if isinstance(node, ast.Return):
            value = node.value if node.value is not None else ast.Constant(value=None)
            assigns = _statements(f"{self.flag} = True\n{self.value} = None", node)
            assigns[1].value = value
            return assigns, True, True, None
        if isinstance(node, _SCOPES) or not _contains([node], ast.Return):
            return [node], False, False, None
        if isinstance(node, ast.If):
            node.body, body_always = self.block(node.body)
            node.orelse, orelse_always = self.block(node.orelse)
            node.body = node.body or [ast.copy_location(ast.Pass(), node)]
            body_may = self._assigns_flag(node.body)
            orelse_may = self._assigns_flag(node.orelse)
            branches = (body_always, body_may, orelse_always, orelse_may)
            return [node], True, body_always and orelse_always, branches
        if isinstance(node, _LOOPS):
            node.body, _ = self.block(node.body)
            _add_extra_test(node, _not(self.flag))
            if node.orelse:
                orelse, _ = self.block(node.orelse)
                node.orelse = [_guard([self.flag], orelse, node.orelse[0])]
            return [node], True, False, None
        always = False
        for field in ("body", "orelse", "finalbody"):
            if isinstance(getattr(node, field, None), list) and getattr(node, field):
                lowered, block_always = self.block(getattr(node, field))
                setattr(node, field, lowered)
                always = always or (field == "body" and isinstance(node, ast.With) and block_always)
        for handler in getattr(node, "handlers", []):
            handler.body, _ = self.block(handler.body)
        return [node], True, always, None

    def _assigns_flag(self, statements) -> bool:
        return any(
            isinstance(n, ast.Name) and n.id == self.flag and isinstance(n.ctx, ast.Store)
            for statement in statements
            for n in _scope_walk(statement)
        )


def lower_returns(function: ast.FunctionDef, namer: _Namer) -> None:
    nested = any(
        isinstance(n, ast.Return)
        for statement in function.body
        if not isinstance(statement, ast.Return)
        for n in _scope_walk(statement)
    )
    if not nested:
        return
    returns = _Returns(namer)
    docstring, body = _split_docstring(function.body)
    lowered, _ = returns.block(body)
    prelude = _statements(
        f"{returns.flag} = False\n{returns.value} = {RUNTIME}.UndefinedReturnValue()", function
    )
    epilogue = _statements(f"return {RUNTIME}.return_value({returns.value})", function)
    function.body = docstring + prelude + lowered + epilogue


def _split_docstring(body):
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        if isinstance(body[0].value.value, str):
            return body[:1], body[1:]
    return [], body


# ---- 2. break / continue ---------------------------------------------------------------------------------
def lower_jumps(statements: list, namer: _Namer) -> list:
    out = []
    for statement in statements:
        if not isinstance(statement, _SCOPES):
            for field in ("body", "orelse", "finalbody"):
                if isinstance(getattr(statement, field, None), list):
                    setattr(statement, field, lower_jumps(getattr(statement, field), namer))
            for handler in getattr(statement, "handlers", []):
                handler.body = lower_jumps(handler.body, namer)
        out += _lower_loop(statement, namer) if isinstance(statement, _LOOPS) else [statement]
    return out


def _lower_loop(loop, namer: _Namer) -> list:
    before = []
    if _contains(loop.body, ast.Continue, into_loops=False):
        flag = namer.new("continue_")
        body, _ = _guard_jumps(loop.body, ast.Continue, flag)
        loop.body = _statements(f"{flag} = False", loop) + body
    if _contains(loop.body, ast.Break, into_loops=False):
        flag = namer.new("break_")
        loop.body, _ = _guard_jumps(loop.body, ast.Break, flag)
        before = _statements(f"{flag} = False", loop)
        _add_extra_test(loop, _not(flag))
        if loop.orelse:
            loop.orelse = [_guard([flag], loop.orelse, loop.orelse[0])]
    return before + [loop]


def _guard_jumps(statements, kind, flag):
    """Replaces `kind` (break or continue) by `flag = True` and guards what follows it."""
    out = []
    for index, statement in enumerate(statements):
        if isinstance(statement, kind):
            out += _statements(f"{flag} = True", statement)
            return out, True  # the rest of the block is unreachable
        may = False
        if not isinstance(statement, (*_SCOPES, *_LOOPS)) and _contains([statement], kind, into_loops=False):
            may = True
            for field in ("body", "orelse", "finalbody"):
                if isinstance(getattr(statement, field, None), list) and getattr(statement, field):
                    setattr(statement, field, _guard_jumps(getattr(statement, field), kind, flag)[0])
            for handler in getattr(statement, "handlers", []):
                handler.body = _guard_jumps(handler.body, kind, flag)[0]
        out.append(statement)
        rest = statements[index + 1 :]
        if may and rest:
            guarded, _ = _guard_jumps(rest, kind, flag)
            out.append(_guard([flag], guarded, rest[0]))
            return out, True
    return out, False


# ---- 3. expressions ---------------------------------------------------------------------------------------
class _Expressions(ast.NodeTransformer):
    """and/or/not/if-else expressions, print, assert and calls -> runtime calls."""

    def __init__(self, builtin_names):
        self.builtin_names = builtin_names

    def _skip(self, node):
        return node  # nested scopes are converted on their own; lambdas are left as they are

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = _skip  # noqa: N815

    def visit_BoolOp(self, node):  # noqa: N802 - ast.NodeTransformer's naming
        self.generic_visit(node)
        function = "and_" if isinstance(node.op, ast.And) else "or_"
        return _runtime_call(function, [node.values[0]] + [_thunk(v) for v in node.values[1:]], node)

    def visit_UnaryOp(self, node):  # noqa: N802
        self.generic_visit(node)
        return _runtime_call("not_", [node.operand], node) if isinstance(node.op, ast.Not) else node

    def visit_IfExp(self, node):  # noqa: N802
        self.generic_visit(node)
        return _runtime_call("if_exp", [node.test, _thunk(node.body), _thunk(node.orelse)], node)

    def visit_Call(self, node):  # noqa: N802
        self.generic_visit(node)
        function = node.func
        if isinstance(function, ast.Name) and function.id in self.builtin_names:
            if function.id == "print":
                node.func = ast.copy_location(_expression(f"{RUNTIME}.print_"), function)
            return node
        if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
            if function.value.id == RUNTIME:
                return node
        node.func = _runtime_call("converted", [function], function)
        return node

    def visit_Assert(self, node):  # noqa: N802
        self.generic_visit(node)
        message = node.msg if node.msg is not None else ast.Constant(value=None)
        call = _runtime_call("assert_stmt", [node.test, _thunk(ast.copy_location(message, node))], node)
        return ast.copy_location(ast.Expr(value=call), node)

    def visit_For(self, node):  # noqa: N802
        self.generic_visit(node)
        if getattr(node, "ag_extra_test", None) is not None:
            node.ag_extra_test = self.visit(node.ag_extra_test)
        callee = node.iter.func if isinstance(node.iter, ast.Call) else None
        if isinstance(callee, ast.Call) and ast.unparse(callee.func) == f"{RUNTIME}.converted":
            callee.func = ast.copy_location(_expression(f"{RUNTIME}.for_iter"), callee.func)
        return node


# ---- 4. undefined placeholders ---------------------------------------------------------------------
def plan_placeholders(body, defined, assigned, declared) -> set[str]:
    """Marks each outermost converted statement with the names that need a placeholder before it
    (`ag_placeholders`: [(name, fresh)]); returns all such names. A name some earlier statement may
    have bound reads its current value (`fresh` False); no earlier binding means `Undefined`."""
    names: set[str] = set()
    for statement in body:
        if isinstance(statement, (ast.If, *_LOOPS)):
            binds = analysis.assigned_names(statement) - set(defined) - set(declared)
            statement.ag_placeholders = [(n, n not in assigned) for n in sorted(binds)]
            names |= binds
        elif isinstance(statement, (ast.Try, ast.With, ast.AsyncWith)):
            seen = set(assigned) | analysis.assigned_names(statement)
            for block in _blocks(statement):
                names |= plan_placeholders(block, set(defined), seen, declared)
        defined = set(defined) | analysis.definitely_assigned(statement)
        assigned = set(assigned) | analysis.assigned_names(statement)
    return names


class _Loads(ast.NodeTransformer):
    """Reads of names that may hold an Undefined placeholder -> `ag__.ld(name)`."""

    def __init__(self, names):
        self.names = names

    def _skip(self, node):
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = _skip  # noqa: N815

    def visit_Name(self, node):  # noqa: N802
        if node.id in self.names and isinstance(node.ctx, ast.Load):
            return _runtime_call("ld", [node], node)
        return node


# ---- 5. control flow ---------------------------------------------------------------------------------------
class _ControlFlow:
    def __init__(self, namer: _Namer, declared_global: set[str]):
        self.namer = namer
        self.declared_global = declared_global

    def block(self, statements) -> list:
        out = []
        for statement in statements:
            for name, fresh in getattr(statement, "ag_placeholders", []):
                value = (
                    f"{RUNTIME}.Undefined({name!r})"
                    if fresh
                    else f"{RUNTIME}.ld_or_undefined(locals(), {name!r})"
                )
                out += _statements(f"{name} = {value}", statement)
            if isinstance(statement, ast.If):
                out += self.convert_if(statement)
            elif isinstance(statement, ast.While):
                out += self.convert_while(statement)
            elif isinstance(statement, ast.For):
                out += self.convert_for(statement)
            else:
                if isinstance(statement, (ast.Try, ast.With, ast.AsyncWith)):
                    for field in ("body", "orelse", "finalbody"):
                        if isinstance(getattr(statement, field, None), list):
                            setattr(statement, field, self.block(getattr(statement, field)))
                    for handler in getattr(statement, "handlers", []):
                        handler.body = self.block(handler.body)
                out.append(statement)
        return out

    def _declare(self, names, reference) -> list:
        local = sorted(n for n in names if n not in self.declared_global)
        shared = sorted(n for n in names if n in self.declared_global)
        source = (f"nonlocal {', '.join(local)}\n" if local else "") + (
            f"global {', '.join(shared)}" if shared else ""
        )
        return _statements(source, reference) if source else []

    def _function(self, base, parameters, body, reference):
        name = self.namer.new(base)
        node = _statements(f"def {name}({', '.join(parameters)}):\n    pass", reference)[0]
        node.body = body or [ast.copy_location(ast.Pass(), reference)]
        return name, node

    def _state_functions(self, state, reference):
        """get_state / set_state over the variables in `state`."""
        values = "".join(f"{n}, " for n in state)
        getter_name, getter = self._function(
            "get_state", [], _statements(f"return ({values})", reference), reference
        )
        argument = self.namer.new("vars_")
        assign = _statements(f"({values}) = {argument}", reference) if state else []
        setter_name, setter = self._function(
            "set_state", [argument], self._declare(state, reference) + assign, reference
        )
        return [getter, setter], getter_name, setter_name

    def convert_if(self, node) -> list:
        body_names = analysis.assigned_names(node.body)
        orelse_names = analysis.assigned_names(node.orelse)
        state = sorted((body_names | orelse_names) & node.ag_live_out)
        body = self._declare(body_names, node) + self.block(node.body)
        orelse = self._declare(orelse_names, node) + self.block(node.orelse)
        body_name, body_function = self._function("if_body", [], body, node)
        orelse_name, orelse_function = self._function("else_body", [], orelse, node)
        state_functions, getter, setter = self._state_functions(state, node)
        call = _statements(
            f"{RUNTIME}.if_stmt(TEST, {body_name}, {orelse_name}, {getter}, {setter}, {tuple(state)!r})", node
        )
        call[0].value.args[0] = node.test
        return state_functions + [body_function, orelse_function] + call

    def convert_while(self, node) -> list:
        names = analysis.assigned_names(node.body)
        state = sorted(names & node.ag_live_head)
        test_name, test_function = self._function("loop_test", [], _statements("return TEST", node), node)
        test_function.body[0].value = node.test
        body = self._declare(names, node) + self.block(node.body)
        body_name, body_function = self._function("loop_body", [], body, node)
        state_functions, getter, setter = self._state_functions(state, node)
        call = _statements(
            f"{RUNTIME}.while_stmt({test_name}, {body_name}, {getter}, {setter}, {tuple(state)!r})", node
        )
        return state_functions + [test_function, body_function] + call + self.block(node.orelse)

    def convert_for(self, node) -> list:
        names = analysis.assigned_names(node.body) | analysis.assigned_names(node.target)
        state = sorted(names & node.ag_live_head)
        item = self.namer.new("itr")
        target = ast.copy_location(
            ast.Assign(targets=[node.target], value=ast.Name(id=item, ctx=ast.Load())), node
        )
        body = self._declare(names, node) + [target] + self.block(node.body)
        body_name, body_function = self._function("loop_body", [item], body, node)
        functions = [body_function]
        extra_name = "None"
        if getattr(node, "ag_extra_test", None) is not None:
            extra_name, extra_function = self._function(
                "extra_test", [], _statements("return TEST", node), node
            )
            extra_function.body[0].value = node.ag_extra_test
            functions.append(extra_function)
        state_functions, getter, setter = self._state_functions(state, node)
        call = _statements(
            f"{RUNTIME}.for_stmt(ITER, {extra_name}, {body_name}, {getter}, {setter}, {tuple(state)!r})", node
        )
        call[0].value.args[0] = node.iter
        return state_functions + functions + call + self.block(node.orelse)


# ---- the scope pipeline ----------------------------------------------------------------------------
def convert_scope(function: ast.FunctionDef, builtin_names: set[str]) -> None:
    """Converts `function` (and the functions nested in it) in place."""
    for nested in _nested_functions(function):
        convert_scope(nested, builtin_names - analysis.assigned_names(nested.body))
    namer = _Namer(function)
    declared_global = {
        n
        for s in function.body
        for node in _scope_walk(s)
        if isinstance(node, ast.Global)
        for n in node.names
    }
    declared_nonlocal = {
        n
        for s in function.body
        for node in _scope_walk(s)
        if isinstance(node, ast.Nonlocal)
        for n in node.names
    }
    lower_returns(function, namer)
    function.body = lower_jumps(function.body, namer)
    builtins_here = builtin_names - analysis.assigned_names(function.body) - _parameters(function)
    function.body = [_Expressions(builtins_here).visit(s) for s in function.body]
    analysis.annotate_liveness(function.body, set())
    parameters = _parameters(function)
    placeholders = plan_placeholders(
        function.body, parameters, parameters, declared_global | declared_nonlocal
    )
    if placeholders:
        function.body = [_Loads(placeholders).visit(s) for s in function.body]
        for node in function.body:
            _propagate_loop_extra(node, _Loads(placeholders))
    function.body = _ControlFlow(namer, declared_global).block(function.body)


def _nested_functions(function) -> list:
    found = []
    for statement in function.body:
        roots = [statement] if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
        if not isinstance(statement, _SCOPES):
            roots = [
                child
                for node in _scope_walk(statement)
                for child in ast.iter_child_nodes(node)
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            ]
        found += [f for f in roots if not _is_generator(f)]
    return found


def _propagate_loop_extra(statement, loads):
    for node in _scope_walk(statement):
        if isinstance(node, ast.For) and getattr(node, "ag_extra_test", None) is not None:
            node.ag_extra_test = loads.visit(node.ag_extra_test)


def _parameters(function) -> set[str]:
    arguments = function.args
    names = [a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]
    names += [a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None]
    return set(names)


def _is_generator(function) -> bool:
    return any(
        isinstance(n, (ast.Yield, ast.YieldFrom, ast.Await)) for s in function.body for n in _scope_walk(s)
    )
