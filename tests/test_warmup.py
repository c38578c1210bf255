"""Every page template compiles, and a worker compiles them all before its first request."""
from pathlib import Path

from app.warmup import compile_templates

ROOT = Path(__file__).resolve().parent.parent


def test_every_page_template_compiles_before_the_first_request(app):
    on_disk = {path.relative_to(folder).as_posix() for folder in ROOT.glob("app/**/templates")
               for path in folder.rglob("*.html")}

    compiled = compile_templates(app)  # a template that does not parse fails here, not on an officer's screen

    assert on_disk <= set(compiled) and len(on_disk) > 30  # and the API docs pages flask-smorest brings
    assert len(app.jinja_env.cache) >= len(compiled)  # kept: the first request finds them compiled
