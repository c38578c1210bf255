"""Write what `GET /api/v1/labels` serves to miniprogram/tests/fixtures/labels.json, the mini-program
tests' fake server answer. tests/labels/test_labels_api.py fails when the committed file is stale.

    .venv/bin/python scripts/labels_fixture.py
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "miniprogram" / "tests" / "fixtures" / "labels.json"


def served_labels_json():
    """The endpoint's answer through the real app, pretty-printed in the order it was served."""
    sys.path.insert(0, str(ROOT))
    from app import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "WECHAT_MODE": "offline",
                      "REDIS_URL": None})
    response = app.test_client().get("/api/v1/labels")
    assert response.status_code == 200, response.status
    served = json.loads(response.get_data(as_text=True))  # dicts keep the served order
    return json.dumps(served, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(served_labels_json(), encoding="utf-8")
    print(f"wrote {FIXTURE.relative_to(ROOT)}")
