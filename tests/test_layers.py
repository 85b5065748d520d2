"""Dependencies point one way (docs/architecture.md, "Layers"): views → services → models → pure
helpers. The test reads every module of our apps with `ast` — imports at the top and inside
functions alike — and fails on any import circle, listing the modules in it, and on the base app
`organisation/` importing an app built on it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("backup", "barometer", "config", "crispy_dkfds", "home", "organisation", "pdfua", "redegorelse")
# The apps built on organisation/: it may import none of them.
BUILT_ON_ORGANISATION = ("backup", "barometer", "home", "redegorelse")


def module_name(path, root):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules(root, apps=APPS):
    """{dotted name: (path, is_package)} of every module of the apps."""
    modules = {}
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            modules[module_name(path, root)] = (path, path.name == "__init__.py")
    return modules


def absolute(module, is_package, node):
    """The module a `from … import …` names, with a relative import resolved against `module`."""
    if not node.level:
        return node.module
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def raw_imports(module, path, is_package):
    """(target module, imported name or None) for every import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            target = absolute(module, is_package, node)
            for alias in node.names:
                yield target, alias.name


def import_graph(root=ROOT, apps=APPS):
    """{module: {modules it imports}} among the apps' modules. `from package import name` counts as
    an import of the submodule when `name` is one, or of the module the package's __init__
    re-exports `name` from; an import of a module outside the apps is left out."""
    modules = app_modules(root, apps)
    imports = {name: list(raw_imports(name, *modules[name])) for name in modules}
    reexports = {
        package: {name: target for target, name in imports[package] if name and target in modules}
        for package, (_, is_package) in modules.items()
        if is_package
    }

    def resolve(target, name):
        if name and f"{target}.{name}" in modules:
            return f"{target}.{name}"
        seen = set()
        while name and target in reexports and name in reexports[target] and target not in seen:
            seen.add(target)
            target = reexports[target][name]
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target or None

    graph = {}
    for module, found in imports.items():
        targets = {resolve(target, name) for target, name in found}
        graph[module] = targets - {None, module}
    return graph


def circles(graph):
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def describe(component, graph):
    members = set(component)
    return "\n".join(f"  {module} → {', '.join(sorted(graph[module] & members))}" for module in component)


def test_no_import_circle_among_the_apps_modules():
    graph = import_graph()
    found = circles(graph)
    assert not found, "import circles (module → the modules of the circle it imports):\n" + "\n\n".join(
        describe(component, graph) for component in found
    )


def test_organisation_imports_no_app_built_on_it():
    graph = import_graph()
    wrong = sorted(
        f"{module} → {target}"
        for module, targets in graph.items()
        if module.split(".")[0] == "organisation"
        for target in targets
        if target.split(".")[0] in BUILT_ON_ORGANISATION
    )
    assert not wrong, "organisation/ imports the apps built on it:\n" + "\n".join(wrong)


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_it_finds_a_circle_through_an_import_inside_a_function(tmp_path):
    """The check itself: a circle closed by an import inside a function, through a package's
    re-export and a relative import, is found; the same modules without it are not."""
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models/__init__.py": "from .report import Report\n",
            "app/models/report.py": "def submit():\n    from app import archive\n",
            "app/archive.py": "from .models import Report\n",
            "app/views.py": "from app.models import Report\nfrom app import archive\n",
        },
    )
    graph = import_graph(tmp_path, apps=("app",))
    assert graph["app.archive"] == {"app.models.report"}
    assert circles(graph) == [["app.archive", "app.models.report"]]

    write(tmp_path, {"app/models/report.py": "def submit():\n    pass\n"})
    assert circles(import_graph(tmp_path, apps=("app",))) == []
