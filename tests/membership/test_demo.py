"""The demo data shows a living membership system and loads twice without duplicates."""
import sqlalchemy as sa

from app.demo import load_demo
from app.extensions import db
from app.membership.models import EnrollmentPoint, Member, MembershipApplication, Transfer


def _snapshot():
    statuses = dict(db.session.execute(sa.select(MembershipApplication.status, sa.func.count())
                                       .group_by(MembershipApplication.status)).all())
    return (statuses, db.session.scalar(sa.select(sa.func.count()).select_from(Member)),
            db.session.scalar(sa.select(sa.func.count()).select_from(EnrollmentPoint)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Transfer)))


def test_demo_is_lively_and_idempotent(app, client):
    with app.app_context():
        load_demo(echo=lambda *_: None)
        db.session.commit()
        first = _snapshot()
        statuses, members, points, transfers = first
        assert statuses["pending"] >= 2 and statuses["approved"] >= 5 and statuses["rejected"] >= 1
        assert members >= 5 and points == 2 and transfers == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MembershipApplication)
                                 .where(MembershipApplication.in_pool.is_(True))) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Member)
                                 .where(Member.source_point_id.is_not(None))) >= 2
        load_demo(echo=lambda *_: None)
        db.session.commit()
        assert _snapshot() == first
    token = client.post("/api/v1/auth/wechat/login", json={"code": "dev:zhangwei"}).get_json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert me["membership"]["status"] == "member"
