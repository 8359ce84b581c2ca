"""The package layout (issue 12): one sub-package per job, imports flowing one way, no import circle."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib

from paths import ROOT

PACKAGE = ROOT / "vpt_rules"
FOUNDATION = {"version", "resources", "jsontext"}  # leaf modules every layer may use: version, data folders, JSON
# Leaf modules of a sub-package that every layer may use: the message catalogues (they import nothing of vpt_rules).
LEAVES = {"vpt_rules.i18n.catalog"}
# What each sub-package may import from the others; imports flow from the interfaces down to the model.
ALLOWED = {
    "model": set(),
    "terms": {"model"},
    "i18n": {"terms", "model"},
    "rules": {"model", "terms", "i18n"},
    "claims": {"model", "terms", "i18n", "rules"},
    "documents": {"model", "terms", "i18n", "rules", "claims", "resources"},
    "api": {"model", "terms", "i18n", "rules", "claims", "documents", "resources", "version"},
    "server": {"__init__", "model", "terms", "i18n", "rules", "claims", "documents", "resources", "version", "api"},
    "cli": {"model", "terms", "i18n", "rules", "claims", "documents", "resources", "version", "api", "server"},
}


def _module_name(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(path) -> set[str]:
    """The vpt_rules modules a file imports, at any depth of the code, except under ``if TYPE_CHECKING``."""
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("vpt_rules"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("vpt_rules"):
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    found.add(sub if sub in modules else target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in modules and m != name}


def _graph() -> dict[str, set[str]]:
    graph = {_module_name(p): _imports(p) for p in PACKAGE.rglob("*.py")}
    # A package's __init__ runs before any of its modules: an edge to a parent package is not a circle.
    return {m: {t for t in targets if not m.startswith(t + ".")} for m, targets in graph.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


def test_no_import_circle_inside_the_package() -> None:
    assert _cycle(_graph()) is None, "import circle: " + " -> ".join(_cycle(_graph()) or [])


def test_the_circle_check_finds_a_circle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_imports_flow_one_way() -> None:
    wrong = []
    for module, targets in _graph().items():
        layer = _part(module)
        if layer not in ALLOWED:
            continue
        for target in targets:
            other = _part(target)
            if target in LEAVES:
                continue
            if other != layer and other not in ALLOWED[layer] | FOUNDATION:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_importing_the_library_loads_no_interface_and_no_document_stack() -> None:
    # The façade imports its names on first use: touch one so that the library is really loaded.
    code = ("import sys, vpt_rules; vpt_rules.evaluate; print('\\n'.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'vpt_rules', 'click', 'fastapi', 'docxtpl', 'docx', 'jinja2', 'lxml'})))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT).stdout.split()
    assert "vpt_rules.api" in loaded
    assert [m for m in loaded if m.startswith(("vpt_rules.cli", "vpt_rules.server", "vpt_rules.documents"))] == []
    assert [m for m in loaded if not m.startswith("vpt_rules")] == []


def test_every_sub_package_ships_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {_module_name(p) for p in PACKAGE.rglob("__init__.py")}
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


def test_no_module_is_much_above_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert long == {}
