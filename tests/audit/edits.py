"""Finding, in the source, the services that change records already in the database: the audit trail's
registry (tests/audit/test_edit_trail.py) must list each, so a new editing service cannot slip in
without its old → new entry."""
import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
#: Modules that are not services: HTTP, pages, schemas, models, labels, arrangers, commands.
NOT_SERVICES = {"__init__.py", "views.py", "web.py", "admin_views.py", "schemas.py", "models.py", "labels.py",
                "errors.py", "demo.py", "cli.py", "exports.py", "access.py", "guard.py"}
#: Names a service may assign attributes on without changing a record (request-local state).
LOCAL_NAMES = {"self", "g"}


def _functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _writes(function):
    """Does the function body set an attribute of an object, call setattr, or run an UPDATE?"""
    for node in ast.walk(function):
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
        for target in targets:
            for element in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(element, ast.Attribute) and not (
                        isinstance(element.value, ast.Name) and element.value.id in LOCAL_NAMES):
                    return True
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "setattr":
                return True
            if isinstance(func, ast.Attribute) and func.attr == "update" and isinstance(func.value, ast.Name) \
                    and func.value.id == "sa":
                return True
    return False


def _called(function):
    return {node.func.id for node in ast.walk(function) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def _reached(functions, name):
    """The function and every function of its module it calls, directly or through others."""
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(called for called in _called(functions[current]) if called in functions)
    return seen


def service_modules():
    for path in sorted(APP.glob("*/*.py")):
        if path.name not in NOT_SERVICES:
            yield f"app.{path.parent.name}.{path.stem}", path


def services_that_write():
    """{"app.domain.module:function"} of the public service functions that change stored rows."""
    found = set()
    for module, path in service_modules():
        functions = _functions(path)
        for name in functions:
            if not name.startswith("_") and any(_writes(functions[n]) for n in _reached(functions, name)):
                found.add(f"{module}:{name}")
    return found


def calls_reached(qualified):
    """The names every function reached from `qualified` calls (to see the shared helper in use)."""
    module, name = qualified.split(":")
    functions = _functions(APP / module.split(".")[1] / f"{module.split('.')[2]}.py")
    return set().union(*(_called(functions[n]) for n in _reached(functions, name)))
