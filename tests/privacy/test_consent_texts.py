"""Consent records: every notice version is kept word for word; a worker can read what they accepted."""
import hashlib

from tests.conftest import assert_error
from tests.membership.helpers import apply

BODY = "为办理入会……\n您可以随时查阅、复制、更正或删除您的个人信息。"


def test_a_published_version_is_served_word_for_word_and_never_replaced(app, client, tmp_path):
    notice = tmp_path / "consent.txt"
    notice.write_text(BODY, encoding="utf-8")
    runner = app.test_cli_runner()
    args = ["privacy", "consent-publish", "--version", "2026-09", "--title", "个人敏感信息处理告知书",
            "--file", str(notice)]

    published = runner.invoke(args=args)

    assert published.exit_code == 0, published.output
    body = client.get("/api/v1/consent-texts/2026-09").get_json()
    assert body["body"] == BODY and body["sha256"] == hashlib.sha256(BODY.encode("utf-8")).hexdigest()
    notice.write_text("改过的文字", encoding="utf-8")
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and "不能修改" in again.output
    assert client.get("/api/v1/consent-texts/2026-09").get_json()["body"] == BODY
    assert_error(client.get("/api/v1/consent-texts/1999-01"), 404, "consent_text_not_found")


def test_the_worker_reads_the_text_they_accepted(app, client, orgs, login_worker, tmp_path):
    notice = tmp_path / "consent.txt"
    notice.write_text(BODY, encoding="utf-8")
    app.test_cli_runner().invoke(args=["privacy", "consent-publish", "--version", "2026-09", "--title", "告知书",
                                       "--file", str(notice)])
    worker = login_worker("alice")
    application_id = apply(client, worker, org_id=orgs["riders"], consent_version="2026-09").get_json()["id"]

    items = client.get("/api/v1/me/consents", headers=worker).get_json()["items"]

    assert [(i["application_id"], i["version"], i["text"]["body"]) for i in items] == [
        (application_id, "2026-09", BODY)]
    assert items[0]["accepted_at"]
