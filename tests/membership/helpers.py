"""Arranging applicants and members for tests (other domains import these too)."""
import contextlib

from app.auth.models import User
from app.extensions import db
from tests import factories

ID_NUMBERS = factories.ID_NUMBERS


def application_body(**overrides):
    """A valid application; pass org_id / scene / district_org_id (and anything else) as overrides."""
    body = {"name": "王建国", "id_number": ID_NUMBERS[1], "phone": "13812345678", "ethnicity": "汉族",
            "education": "高中", "political_status": "群众", "household_type": "rural",
            "is_migrant_worker": True, "occupation": "food_delivery", "employer": "美团外卖",
            "consent_version": "2026-01"}
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not ...}


def apply(client, headers, **overrides):
    """POST a valid application as the worker behind `headers`; returns the response."""
    return client.post("/api/v1/membership/applications", json=application_body(**overrides), headers=headers)


def approve(client, officer_headers, application_id, **body):
    return client.post(f"/api/v1/admin/membership/applications/{application_id}/approve", json=body,
                       headers=officer_headers)


def make_member(app_or_none, user_id, org_id, id_number=ID_NUMBERS[1], name="王建国", **fields):
    """Apply for `user_id` to grassroots `org_id` and approve it through the services; returns
    (member_id, member_no). Pass the app to run in a new context, or None inside an active one."""
    from app.membership import services

    with app_or_none.app_context() if app_or_none is not None else contextlib.nullcontext():
        user = db.session.get(User, user_id)
        data = application_body(id_number=id_number, name=name, org_id=org_id, **fields)
        application = services.submit_application(user, data)
        member = services.approve_application(factories.helper_admin(), application.id)
        db.session.commit()
        return member.id, member.member_no
