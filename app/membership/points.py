"""Enrollment points (扫码入会点): a poster whose QR opens the join form with the union chosen."""
import io
import secrets
from pathlib import Path

import segno
import sqlalchemy as sa
from flask import current_app
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy.orm import selectinload

from app.audit.services import record_audit
from app.auth import roles
from app.auth.roles import require_role
from app.extensions import db
from app.membership.errors import PointNotFound
from app.membership.models import POINT_KINDS, EnrollmentPoint, Member, MembershipApplication
from app.orgs.services import get_org_in_scope, scope_filter
from app.schemas import paginate
from app.validation import Checks
from app.wechat import wechat

#: CJK fonts tried in order; Pillow's default font is the fallback so the poster still renders.
CJK_FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
             "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
             "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
POSTER_SIZE = (1240, 1754)  # A4 at 150 dpi
#: EnrollmentPoint.name is VARCHAR(80).
NAME_MAX = 80


def new_scene():
    """22 URL-safe characters: within the 32 allowed by wxacode.getUnlimited, and unguessable."""
    return secrets.token_urlsafe(16)


def create_enrollment_point(actor, org_id, name, kind):
    """A worksite poster of a grassroots union in the officer's subtree; the name is printed on it."""
    require_role(actor, roles.OFFICE)
    org = get_org_in_scope(actor, org_id)
    checks = Checks()
    if org.kind != "grassroots":
        checks.fail("org_id", "入会点须属于一个基层工会")
    name = checks.text("name", name, max_length=NAME_MAX, label="入会点名称")
    if kind not in POINT_KINDS:
        checks.fail("kind", "入会点类型无效")
    checks.done()
    point = EnrollmentPoint(org_id=org.id, name=name, kind=kind, scene=new_scene(),
                            created_by_officer_id=actor.id)
    db.session.add(point)
    db.session.flush()
    record_audit("membership.enrollment_point.created", actor=actor, target=point, org_id=org.id,
                 to_state="active", name=point.name)
    return point


def _counts(column, ids):
    """{point id: rows of `column`'s table that point brought}, for these points only (its index)."""
    return dict(db.session.execute(sa.select(column, sa.func.count()).where(column.in_(ids))
                                   .group_by(column)).all()) if ids else {}


def list_enrollment_points(actor, *, page=1, per_page=50):
    """The points in the officer's subtree, newest first, a page at a time, each with how many
    applications and members it brought (counted for the page's points alone, not the city's)."""
    require_role(actor, roles.OFFICE)
    result = paginate(sa.select(EnrollmentPoint).where(scope_filter(actor, EnrollmentPoint.org_id))
                      .options(selectinload(EnrollmentPoint.org)).order_by(EnrollmentPoint.id.desc()),
                      page, per_page)
    ids = [point.id for point in result["items"]]
    applications = _counts(MembershipApplication.point_id, ids)
    members = _counts(Member.source_point_id, ids)
    for point in result["items"]:
        point.application_count, point.member_count = applications.get(point.id, 0), members.get(point.id, 0)
    return result


def get_enrollment_point(actor, point_id):
    require_role(actor, roles.OFFICE)
    point = db.session.get(EnrollmentPoint, point_id)
    if point is None:
        raise PointNotFound()
    get_org_in_scope(actor, point.org_id)  # 404 outside the subtree, as if it did not exist
    return point


def _font(size):
    for path in CJK_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def join_link(scene):
    """The URL an offline poster carries: WeChat opens it in the join page (options.q), a browser gets /j/."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/j/{scene}"


def _code_image(scene):
    """The mini-program code in live mode; offline, a plain QR of the /j/{scene} link."""
    png = wechat().unlimited_wxacode(scene)
    if png is None:
        buffer = io.BytesIO()
        segno.make(join_link(scene), error="m").save(buffer, kind="png", scale=20, border=2)
        png = buffer.getvalue()
    return Image.open(io.BytesIO(png)).convert("RGB")


def _centered(draw, y, text, font, fill):
    width = draw.textlength(text, font=font)
    draw.text(((POSTER_SIZE[0] - width) / 2, y), text, font=font, fill=fill)


def render_poster_png(actor, point_id):
    """A printable A4 poster: title, union name, point name and the code to scan."""
    point = get_enrollment_point(actor, point_id)
    poster = Image.new("RGB", POSTER_SIZE, "white")
    draw = ImageDraw.Draw(poster)
    draw.rectangle((0, 0, POSTER_SIZE[0], 260), fill=(196, 30, 58))
    _centered(draw, 80, "扫码加入工会", _font(96), "white")
    _centered(draw, 320, point.org.name, _font(56), (40, 40, 40))
    _centered(draw, 410, point.name, _font(44), (90, 90, 90))
    code = _code_image(point.scene).resize((800, 800))
    poster.paste(code, ((POSTER_SIZE[0] - 800) // 2, 520))
    _centered(draw, 1380, "微信扫一扫，在线填写入会申请", _font(40), (40, 40, 40))
    _centered(draw, 1450, "新就业形态劳动者 · 职工服务", _font(32), (120, 120, 120))
    buffer = io.BytesIO()
    poster.save(buffer, format="PNG")
    return buffer.getvalue()
