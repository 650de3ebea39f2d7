"""Count the numpy operations the simulation makes per tick (a developer's tool, not shipped).

    .venv/bin/python tools/opcount.py                 # the Great Mine demo
    .venv/bin/python tools/opcount.py --top 25        # more functions in the tables
    .venv/bin/python tools/opcount.py --json          # one JSON line

Why count operations rather than time them: a tick of the Great Mine is a few hundred
numpy calls on arrays of a few dozen entries, so what a tick costs is mostly numpy's cost
per call (about a microsecond each), whatever the arrays hold. The count is exact and the
same on every machine and under any load, where a time on a busy two-core machine is not.

How: the modules of `game.sim` are imported through an AST rewrite that routes every
binary and unary operator, comparison, subscript (read and write, augmented assignments
included) and call through a small counting function. Nothing else changes (no ndarray
subclass, no patched numpy), so the run is the run: the tool checks that the demo ends on
its pinned tick and state hash. Each operation is put in one class:

- `array`: an operator, subscript or call whose operand or result is a numpy array
  (numpy functions such as np.where, ndarray methods such as .any(), fancy indexing);
- `element_read` / `element_write`: reading or writing one entry of an array (`a[i]`);
- `scalar`: arithmetic or a comparison on a numpy scalar (as `a[i] + 1` gives).

Two more counts: array operations with a Python int operand (numpy works out the int's type
each call; `game.sim.physics.k32` avoids it) and operations whose operands hold two dtypes
(int32 with int64, say: numpy casts one of them each call, as dear as the operation).

A second, separate pass runs cProfile over the same demo (uninstrumented) for the functions
that take the time.
"""

from __future__ import annotations

import argparse
import ast
import collections
import cProfile
import importlib.abc
import importlib.machinery
import io
import json
import operator
import pstats
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "maps" / "great_mine.tmx"
DEMO = ROOT / "maps" / "demos" / "great_mine.inputs"
PINNED = (4281, "05f9b5f2e01d8fd9939ac1c8dcb07f3a")  # tests/test_demo.py
PACKAGE = "game.sim"


class Counter:
    """Operations counted while `on`, by class and by the function that made them."""

    def __init__(self) -> None:
        self.on = False
        self.kinds: collections.Counter[str] = collections.Counter()
        self.where: collections.Counter[tuple[str, str]] = collections.Counter()
        # Array operations with a Python int operand: numpy works out the int's type on each
        # such call, which costs about as much as the operation (game.sim.physics.k32).
        self.python_int = 0
        # Array operations whose operands hold two dtypes (int32 with int64, uint8 with an
        # int32 constant): numpy casts one of them on every such call.
        self.mixed_dtypes = 0

    lines = False  # --lines: count by source line, not by function

    def add(self, kind: str, depth: int = 2) -> None:
        frame = sys._getframe(depth)
        code = frame.f_code
        self.kinds[kind] += 1
        where = Path(code.co_filename).stem + "." + code.co_name
        if self.lines:
            where += f":{frame.f_lineno}"
        self.where[(where, kind)] += 1


COUNTER = Counter()
_ARRAY, _SCALAR = np.ndarray, np.generic


def _kind(*values) -> str | None:
    if any(isinstance(v, _ARRAY) for v in values):
        return "array"
    if any(isinstance(v, _SCALAR) for v in values):
        return "scalar"
    return None


def _note(kind: str | None, depth: int = 3) -> None:
    if kind is not None and COUNTER.on:
        COUNTER.add(kind, depth)


# --- the counting stand-ins the rewritten code calls -------------------------------------
_BINOPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.LShift: operator.lshift,
    ast.RShift: operator.rshift,
    ast.BitOr: operator.or_,
    ast.BitAnd: operator.and_,
    ast.BitXor: operator.xor,
    ast.MatMult: operator.matmul,
}
_INPLACE = {
    ast.Add: operator.iadd,
    ast.Sub: operator.isub,
    ast.Mult: operator.imul,
    ast.FloorDiv: operator.ifloordiv,
    ast.Div: operator.itruediv,
    ast.Mod: operator.imod,
    ast.Pow: operator.ipow,
    ast.LShift: operator.ilshift,
    ast.RShift: operator.irshift,
    ast.BitOr: operator.ior,
    ast.BitAnd: operator.iand,
    ast.BitXor: operator.ixor,
    ast.MatMult: operator.imatmul,
}
_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_UNARY = {ast.Invert: operator.invert, ast.USub: operator.neg, ast.UAdd: operator.pos}
_FUNCS = [*_BINOPS.values(), *_INPLACE.values(), *_COMPARE.values(), *_UNARY.values()]


def _dtypes(values) -> set:
    return {v.dtype for v in values if isinstance(v, _ARRAY | _SCALAR)}


def _op(k, a, b):
    kind = _kind(a, b)
    _note(kind)
    if kind == "array" and COUNTER.on:
        if type(a) is int or type(b) is int:
            COUNTER.python_int += 1
        if len(_dtypes((a, b))) > 1:
            COUNTER.mixed_dtypes += 1
    return _FUNCS[k](a, b)


def _op1(k, a):
    _note(_kind(a))
    return _FUNCS[k](a)


def _is_element(obj, index) -> bool:
    """One entry: an integer per axis (an integer into a 2-D array is a row, an array op)."""
    indices = index if isinstance(index, tuple) else (index,)
    return len(indices) == obj.ndim and all(isinstance(i, int | np.integer) for i in indices)


def _get(obj, index, depth: int = 2):
    if isinstance(obj, _ARRAY) and COUNTER.on:
        COUNTER.add("element_read" if _is_element(obj, index) else "array", depth)
    return obj[index]


def _set(obj, index, value, depth: int = 2):
    if isinstance(obj, _ARRAY) and COUNTER.on:
        COUNTER.add("element_write" if _is_element(obj, index) else "array", depth)
    obj[index] = value


def _aug_sub(obj, index, k, value):
    old = _get(obj, index, 3)
    _note(_kind(old, value))
    _set(obj, index, _FUNCS[k](old, value), 3)


def _aug_attr(obj, name, k, value):
    old = getattr(obj, name)
    _note(_kind(old, value))
    setattr(obj, name, _FUNCS[k](old, value))


def _numpy_callable(func) -> bool:
    owner = getattr(func, "__self__", None)
    if isinstance(owner, _ARRAY | _SCALAR):
        return True
    if isinstance(func, np.ufunc):
        return True
    module = getattr(func, "__module__", None) or ""
    return module == "numpy" or module.startswith("numpy.")


def _call(func, *args, **kwargs):
    if COUNTER.on and _numpy_callable(func):
        # a.item(i) reads one entry, as a[i] does
        COUNTER.add("element_read" if getattr(func, "__name__", "") == "item" else "array", 2)
        if any(type(arg) is int for arg in args) and any(isinstance(a, _ARRAY) for a in args):
            COUNTER.python_int += 1
        # np.where(cond, a, b) mixes only if a and b differ; copyto(dst, src) likewise
        name = getattr(func, "__name__", "")
        operands = args[1:3] if name == "where" else args[:2] if name == "copyto" else args
        if (isinstance(func, np.ufunc) or name in ("where", "copyto")) and len(
            _dtypes(operands)
        ) > 1:
            COUNTER.mixed_dtypes += 1
    return func(*args, **kwargs)


HELPERS = {
    "_oc_op": _op,
    "_oc_op1": _op1,
    "_oc_get": _get,
    "_oc_set": _set,
    "_oc_aug_sub": _aug_sub,
    "_oc_aug_attr": _aug_attr,
    "_oc_call": _call,
}


# --- the rewrite --------------------------------------------------------------------------
def _name(id_: str) -> ast.Name:
    return ast.Name(id=id_, ctx=ast.Load())


def _helper(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=_name(name), args=list(args), keywords=[])


def _index(node: ast.expr) -> ast.expr:
    """A subscript's index as an ordinary expression (slices become slice(...) calls)."""
    if isinstance(node, ast.Slice):
        parts = [
            p if p is not None else ast.Constant(None) for p in (node.lower, node.upper, node.step)
        ]
        return ast.Call(func=_name("slice"), args=parts, keywords=[])
    if isinstance(node, ast.Tuple):
        return ast.Tuple(elts=[_index(e) for e in node.elts], ctx=ast.Load())
    return node


class Rewrite(ast.NodeTransformer):
    def __init__(self) -> None:
        self.temps = 0

    # Annotations are left alone: dataclasses read them (ClassVar), and they are no operations.
    def visit_arg(self, node):
        return node

    def visit_AnnAssign(self, node):
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_FunctionDef(self, node):
        node.args = self.visit(node.args)
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        node.body = [s for stmt in node.body for s in self._statements(stmt)]
        return node

    def _statements(self, stmt):
        out = self.visit(stmt)
        return out if isinstance(out, list) else [out]

    def visit_BinOp(self, node):
        self.generic_visit(node)
        k = _FUNCS.index(_BINOPS[type(node.op)])
        return _helper("_oc_op", ast.Constant(k), node.left, node.right)

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if type(node.op) not in _UNARY:
            return node
        return _helper("_oc_op1", ast.Constant(_FUNCS.index(_UNARY[type(node.op)])), node.operand)

    def visit_Compare(self, node):
        self.generic_visit(node)
        if len(node.ops) != 1:
            return node  # chained comparisons are on plain ints in the simulation
        k = _FUNCS.index(_COMPARE[type(node.ops[0])])
        return _helper("_oc_op", ast.Constant(k), node.left, node.comparators[0])

    def visit_Subscript(self, node):
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Load):
            return _helper("_oc_get", node.value, _index(node.slice))
        return node  # stores are rewritten at their statement

    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "super":
            return node
        return ast.Call(
            func=_name("_oc_call"), args=[node.func, *node.args], keywords=node.keywords
        )

    def visit_AugAssign(self, node):
        node.value = self.visit(node.value)
        k = _FUNCS.index(_INPLACE[type(node.op)])
        target = node.target
        if isinstance(target, ast.Subscript):
            value = self.visit(target.value)
            index = self.visit(_index(target.slice))
            call = _helper("_oc_aug_sub", value, index, ast.Constant(k), node.value)
        elif isinstance(target, ast.Attribute):
            obj = self.visit(target.value)
            call = _helper(
                "_oc_aug_attr", obj, ast.Constant(target.attr), ast.Constant(k), node.value
            )
        else:
            load = ast.Name(id=target.id, ctx=ast.Load())
            op = _helper("_oc_op", ast.Constant(k), load, node.value)
            return ast.copy_location(ast.Assign(targets=[target], value=op), node)
        return ast.copy_location(ast.Expr(call), node)

    def visit_Assign(self, node):
        node.value = self.visit(node.value)
        if not any(self._has_store(t) for t in node.targets):
            node.targets = [self.visit(t) for t in node.targets]
            return node
        temp = f"_oc_tmp{self.temps}"
        self.temps += 1
        out: list[ast.stmt] = [
            ast.Assign(targets=[ast.Name(id=temp, ctx=ast.Store())], value=node.value)
        ]
        for target in node.targets:
            out += self._store(target, _name(temp))
        for stmt in out:
            ast.copy_location(stmt, node)
        return out

    @staticmethod
    def _has_store(target) -> bool:
        return any(isinstance(n, ast.Subscript) for n in ast.walk(target))

    def _store(self, target, value: ast.expr) -> list[ast.stmt]:
        if isinstance(target, ast.Subscript):
            obj, index = self.visit(target.value), self.visit(_index(target.slice))
            return [ast.Expr(_helper("_oc_set", obj, index, value))]
        if isinstance(target, ast.Tuple | ast.List) and self._has_store(target):
            temp = f"_oc_tmp{self.temps}"
            self.temps += 1
            names = [ast.Name(id=f"{temp}_{i}", ctx=ast.Store()) for i in range(len(target.elts))]
            out: list[ast.stmt] = [
                ast.Assign(targets=[ast.Tuple(elts=names, ctx=ast.Store())], value=value)
            ]
            for i, element in enumerate(target.elts):
                out += self._store(element, _name(f"{temp}_{i}"))
            return out
        return [ast.Assign(targets=[self.visit(target)], value=value)]


class _Loader(importlib.machinery.SourceFileLoader):
    def get_code(self, fullname):
        # Always from the source, never from __pycache__, and never written back there: a
        # cached .pyc would skip the rewrite, and a rewritten one would break the game.
        return self.source_to_code(self.get_data(self.path), self.path)

    def source_to_code(self, data, path, *, _optimize=-1):
        tree = Rewrite().visit(ast.parse(data, filename=path))
        ast.fix_missing_locations(tree)
        return compile(tree, path, "exec", dont_inherit=True)

    def exec_module(self, module):
        module.__dict__.update(HELPERS)
        super().exec_module(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != PACKAGE and not name.startswith(PACKAGE + "."):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or not str(spec.origin).endswith(".py"):
            return None
        spec.loader = _Loader(name, spec.origin)
        return spec


def instrument() -> None:
    """Route every later import of game.sim.* through the rewrite."""
    if any(m == PACKAGE or m.startswith(PACKAGE + ".") for m in sys.modules):
        raise RuntimeError("instrument() must run before game.sim is imported")
    sys.meta_path.insert(0, _Finder())


# --- the runs -----------------------------------------------------------------------------
def _load():
    from game.level.tiled import load_level
    from game.tas import load_input_script

    return load_level(MAP), load_input_script(DEMO)


def run_demo(world, script, counter: Counter | None = None):
    step = world.step
    while not world.finished and world.tick < 20000:
        mask = script.mask(world.tick)
        if counter is not None:
            counter.on = True
        step(mask)
        if counter is not None:
            counter.on = False
    return world.tick, world.state_hash()


def count_ops() -> dict:
    instrument()
    from game.sim.world import World

    level, script = _load()
    world = World(level)
    tick, digest = run_demo(world, script, COUNTER)
    if (tick, digest) != PINNED:
        raise SystemExit(f"the instrumented run ended at {tick} {digest}, not {PINNED}")
    per_function: dict[str, dict[str, float]] = collections.defaultdict(dict)
    for (where, kind), n in COUNTER.where.items():
        per_function[where][kind] = round(n / tick, 2)
    kinds = {kind: round(n / tick, 1) for kind, n in sorted(COUNTER.kinds.items())}
    return {
        "ticks": tick,
        "state_hash": digest,
        "ops_per_tick": round(sum(COUNTER.kinds.values()) / tick, 1),
        "by_kind": kinds,
        "python_int_operand_per_tick": round(COUNTER.python_int / tick, 1),
        "mixed_dtypes_per_tick": round(COUNTER.mixed_dtypes / tick, 1),
        "by_function": dict(per_function),
    }


def profile_demo(top: int) -> tuple[float, list[tuple[str, int, float, float]]]:
    """Wall time of the uninstrumented re-simulation, and cProfile's top functions."""
    from game.sim.world import World

    level, script = _load()
    start = time.perf_counter()
    run_demo(World(level), script)
    wall = time.perf_counter() - start
    profiler = cProfile.Profile()
    profiler.enable()
    run_demo(World(level), script)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, _, name), (_, calls, tottime, cumtime, _) in stats.stats.items():
        if "game" in Path(filename).parts:
            rows.append((f"{Path(filename).stem}.{name}", calls, tottime, cumtime))
    rows.sort(key=lambda row: -row[2])
    return wall, rows[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=15, help="rows in each table")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile pass")
    parser.add_argument("--lines", action="store_true", help="count by source line")
    parser.add_argument("--profile-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.profile_only:  # the child process: game.sim imported as it ships
        wall, rows = profile_demo(args.top)
        print(json.dumps({"wall": wall, "rows": rows}))
        return 0
    wall, rows = None, []
    if not args.no_profile:
        child = subprocess.run(
            [sys.executable, __file__, "--profile-only", "--top", str(args.top)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        profiled = json.loads(child.stdout.splitlines()[-1])
        wall, rows = profiled["wall"], profiled["rows"]
    COUNTER.lines = args.lines
    counts = count_ops()
    if args.json:
        print(json.dumps({**counts, "resim_s": wall and round(wall, 3)}))
        return 0
    ticks = counts["ticks"]
    print(f"Great Mine demo: {ticks} ticks, state hash {counts['state_hash']} (pinned: same)")
    print(f"numpy operations per tick: {counts['ops_per_tick']}")
    for kind, n in counts["by_kind"].items():
        print(f"  {kind:14} {n:8.1f}")
    print(f"array operations with a Python int operand: {counts['python_int_operand_per_tick']}")
    print(f"array operations mixing two dtypes (a cast each): {counts['mixed_dtypes_per_tick']}")
    print(f"\nper tick, by function (top {args.top}):")
    totals = {f: sum(k.values()) for f, k in counts["by_function"].items()}
    for where in sorted(totals, key=lambda f: -totals[f])[: args.top]:
        parts = ", ".join(f"{k} {v}" for k, v in sorted(counts["by_function"][where].items()))
        print(f"  {totals[where]:7.1f}  {where:34} {parts}")
    if wall is not None:
        print(
            f"\nre-simulation, uninstrumented: {wall:.3f} s ({wall / ticks * 1000:.3f} ms a tick)"
        )
        print(f"cProfile, own time (top {args.top}):")
        for where, calls, tottime, cumtime in rows:
            print(f"  {tottime:7.3f} s own {cumtime:7.3f} s cum {calls / ticks:7.2f}/tick  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
