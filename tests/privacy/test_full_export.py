"""A full-ID export is deliberate: a reason and a confirmation, audited with the row count."""
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from tests import factories
from tests.admin.conftest import post_form

EXPORT = "/admin/applications/export.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _full_exports(app):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEntry)
                                  .where(AuditEntry.action == "personal_data.export.full_id")).all()


def test_full_export_needs_a_reason_and_a_confirmation(app, web_login, arrange_application):
    arrange_application("riders", id_number=factories.ID_NUMBERS[5])
    arrange_application("couriers", id_number=factories.ID_NUMBERS[6])
    admin = web_login()

    for fields, message in (({"full_ids_confirm": "1"}, "请填写导出完整身份证号的理由"),
                            ({"full_ids_reason": "核对名单"}, "请确认导出完整身份证号和手机号")):
        refused = post_form(admin, EXPORT, {"full_ids": "1", **fields})
        assert refused.status_code == 302 and refused.mimetype != XLSX
        assert message in admin.get(refused.headers["Location"]).get_data(as_text=True)
    assert _full_exports(app) == []

    done = post_form(admin, EXPORT, {"full_ids": "1", "full_ids_reason": "市人社局核对名单", "full_ids_confirm": "1"})

    assert done.status_code == 200 and done.mimetype == XLSX
    [entry] = _full_exports(app)
    assert (entry.reason, entry.details["rows"], entry.to_state) == ("市人社局核对名单", 2, "applications")


def test_the_export_form_asks_for_the_reason_and_the_confirmation(web_login):
    html = web_login().get("/admin/applications").get_data(as_text=True)
    assert 'name="full_ids_reason"' in html and 'name="full_ids_confirm"' in html
