"""Every third-party package our code imports is pinned: the application's in requirements.txt
(what production installs), the tests' in requirements-dev.txt (which includes it). A package that
only arrives as another package's dependency could change or vanish under us with that package."""

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Folders that are not our code: the virtualenv, vendored front-end files, build output.
NOT_OURS = {".venv", ".git", "node_modules", "static", "staticfiles", "media", "test-artifacts"}


def local_modules(root):
    """The top-level names our own code is imported by (apps, config, tests, manage)."""
    names = {path.stem for path in root.glob("*.py")}
    names |= {path.name for path in root.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    return names


def python_files(root):
    for path in sorted(root.rglob("*.py")):
        if not NOT_OURS.intersection(path.relative_to(root).parts):
            yield path


def imported_modules(path):
    """The top-level module names a file imports, counting imports inside functions; relative
    imports are our own."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.partition(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.partition(".")[0]


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_in(requirements_file):
    """{distribution: specifier} from a requirements file, following `-r` includes."""
    pins = {}
    for raw in requirements_file.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r"):
            pins.update(pinned_in(requirements_file.parent / line[2:].strip()))
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)", line)
        assert match, f"{requirements_file.name}: cannot read {raw!r}"
        pins[normalise(match.group(1))] = match.group(3).replace(" ", "")
    return pins


def unpinned_imports(files, requirements_file, distributions, local):
    """What `files` import from outside the standard library and our own code that is not pinned
    with == in `requirements_file`: a list of readable problems, empty when all is well."""
    pins = pinned_in(requirements_file)
    problems = []
    for path in files:
        for module in sorted(set(imported_modules(path))):
            if module in sys.stdlib_module_names or module in local or module == "__future__":
                continue
            names = distributions.get(module)
            if not names:
                problems.append(f"{path.name} imports {module!r}, which no installed distribution provides")
                continue
            if not any(pins.get(normalise(name), "").startswith("==") for name in names):
                problems.append(
                    f"{path.name} imports {module!r} (distribution {' or '.join(sorted(set(names)))}), "
                    f"which {requirements_file.name} does not pin with =="
                )
    return problems


def test_the_application_pins_every_package_it_imports():
    local = local_modules(ROOT)
    application = [path for path in python_files(ROOT) if path.relative_to(ROOT).parts[0] != "tests"]
    assert len(application) > 50
    problems = unpinned_imports(
        application, ROOT / "requirements.txt", importlib.metadata.packages_distributions(), local
    )
    assert problems == []


def test_the_tests_pin_every_package_they_import_in_the_dev_requirements():
    tests = [path for path in python_files(ROOT) if path.relative_to(ROOT).parts[0] == "tests"]
    assert len(tests) > 30
    problems = unpinned_imports(
        tests, ROOT / "requirements-dev.txt", importlib.metadata.packages_distributions(), local_modules(ROOT)
    )
    assert problems == []


def test_the_runtime_requirements_hold_no_test_tools():
    runtime = pinned_in(ROOT / "requirements.txt")
    for tool in ("pytest", "pytest-django", "pytest-env", "pytest-xdist", "factory-boy", "ruff", "playwright", "pypdf"):
        assert tool not in runtime
        assert tool in pinned_in(ROOT / "requirements-dev.txt")


def test_the_checker_reports_an_unpinned_a_loosely_pinned_and_an_unknown_import(tmp_path):
    code = tmp_path / "views.py"
    code.write_text(
        "import json\nfrom . import models\nimport organisation.models\n"
        "def f():\n    import fakepkg.sub\n    from loosepkg import thing\n    import nosuchmodule\n"
        "import pinnedpkg\n"
    )
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# comment\nPinned_Pkg[extra]==1.0  # why\nloose-pkg>=2\n")
    distributions = {"fakepkg": ["fake-pkg"], "loosepkg": ["loose.pkg"], "pinnedpkg": ["pinned-pkg"]}
    problems = unpinned_imports([code], requirements, distributions, local={"organisation"})
    assert problems == [
        "views.py imports 'fakepkg' (distribution fake-pkg), which requirements.txt does not pin with ==",
        "views.py imports 'loosepkg' (distribution loose.pkg), which requirements.txt does not pin with ==",
        "views.py imports 'nosuchmodule', which no installed distribution provides",
    ]
    requirements.write_text("pinned-pkg==1.0\nfake_pkg==0.1\nloose-pkg==2\n")
    assert unpinned_imports([code], requirements, {**distributions, "nosuchmodule": ["nsm"]}, {"organisation"}) == [
        "views.py imports 'nosuchmodule' (distribution nsm), which requirements.txt does not pin with =="
    ]


def test_the_checker_follows_includes(tmp_path):
    (tmp_path / "requirements.txt").write_text("Django==5.2.19\n")
    (tmp_path / "requirements-dev.txt").write_text("-r requirements.txt\npytest==9.2.0\n")
    assert pinned_in(tmp_path / "requirements-dev.txt") == {"django": "==5.2.19", "pytest": "==9.2.0"}
