"""The worker's side: apply (online, by worksite QR, or into the holding pool), correct and resubmit."""
import logging

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.audit.services import record_audit, track_changes
from app.errors import ValidationFailed
from app.extensions import db
from app.membership.errors import (
    AlreadyMember,
    ApplicationNotFound,
    ApplicationNotRejected,
    ApplicationPending,
    PointNotFound,
)
from app.membership.lookup import CURRENT
from app.membership.models import (
    HOUSEHOLD_TYPES,
    OCCUPATIONS,
    ApplicationEvent,
    EnrollmentPoint,
    Member,
    MembershipApplication,
)
from app.orgs.models import Organization
from app.personal_data import (
    PHONE_PATTERN,
    IdNumberError,
    blind_index,
    encrypt_text,
    mask_name,
    mask_phone,
    parse_id_number,
)
from app.timeutil import local_now, utcnow
from app.validation import Checks

log = logging.getLogger(__name__)
MIN_AGE, MAX_AGE = 16, 70
#: Fields copied verbatim from the validated request onto the application.
_PLAIN_FIELDS = ("name", "phone", "ethnicity", "education", "political_status", "household_type",
                 "is_migrant_worker", "occupation", "employer", "consent_version")


def _checked_id_number(raw):
    try:
        return parse_id_number(raw, today=local_now().date(), min_age=MIN_AGE, max_age=MAX_AGE)
    except IdNumberError as exc:
        raise ValidationFailed(exc.message, code=exc.code, fields={"id_number": [exc.message]}) from None


def _org_of_kind(org_id, kinds, field, message):
    org = db.session.get(Organization, org_id)
    if org is None or org.kind not in kinds or not org.active:  # a deactivated union takes no one new
        raise ValidationFailed(fields={field: [message]})
    return org


def get_point_by_scene(scene):
    point = db.session.scalar(sa.select(EnrollmentPoint).where(EnrollmentPoint.scene == scene))
    if point is None:
        raise PointNotFound("该入会二维码无效或已停用")
    return point


def resolve_destination(data):
    """(org, source, point, in_pool) from exactly one of org_id / scene / district_org_id."""
    given = [key for key in ("org_id", "scene", "district_org_id") if data.get(key) is not None]
    if len(given) != 1:
        message = "请选择要加入的工会，或扫描入会点二维码，或选择所在区县（三者选一）"
        raise ValidationFailed(message, code="destination_required", fields={"org_id": [message]})
    if given[0] == "org_id":
        org = _org_of_kind(data["org_id"], ("grassroots",), "org_id", "请选择一个基层工会")
        return org, "online", None, False
    if given[0] == "scene":
        point = get_point_by_scene(data["scene"])
        if not point.org.active:
            raise PointNotFound("该入会二维码所属的工会已停用")
        return point.org, "point", point, False
    district = _org_of_kind(data["district_org_id"], ("district",), "district_org_id", "请选择一个区县总工会")
    return district, "pool", None, True


def ensure_not_member(person_index, user_id):
    """A worker whose membership ended (left) may join again from scratch."""
    exists = db.session.scalar(sa.select(Member.id).where(
        CURRENT, sa.or_(Member.person_index == person_index, Member.user_id == user_id)).limit(1))
    if exists:
        raise AlreadyMember()


def _ensure_nothing_pending(person_index, user_id, *, except_id=None):
    stmt = sa.select(MembershipApplication.id).where(
        MembershipApplication.status == "pending",
        sa.or_(MembershipApplication.person_index == person_index, MembershipApplication.user_id == user_id))
    if except_id is not None:
        stmt = stmt.where(MembershipApplication.id != except_id)
    if db.session.scalar(stmt.limit(1)):
        raise ApplicationPending()


def _checked_fields(data):
    """The worker's answers as the columns hold them: trimmed, within length, from the lists."""
    checks, clean = Checks(), dict(data)
    clean["name"] = checks.text("name", data.get("name"), min_length=2, max_length=30, label="姓名")
    clean["employer"] = checks.text("employer", data.get("employer"), max_length=100, label="单位或平台")
    for field, max_length, label in (("ethnicity", 20, "民族"), ("education", 30, "学历"),
                                     ("political_status", 30, "政治面貌")):
        clean[field] = checks.text(field, data.get(field), max_length=max_length, required=False, label=label)
    clean["consent_version"] = checks.text("consent_version", data.get("consent_version"), max_length=20,
                                           label="同意的告知书版本")
    if not PHONE_PATTERN.match(str(data.get("phone") or "")):
        checks.fail("phone", "请输入11位中国大陆手机号")
    checks.choice("occupation", data.get("occupation"), OCCUPATIONS, label="职业")
    if data.get("household_type") is not None:
        checks.choice("household_type", data["household_type"], HOUSEHOLD_TYPES, label="户籍类型")
    checks.done()
    return clean


def _fill(application, data):
    data = _checked_fields(data)
    number, birth, gender = _checked_id_number(data["id_number"])
    org, source, point, in_pool = resolve_destination(data)
    application.person_index = blind_index(number)
    application.id_number_encrypted = encrypt_text(number)
    application.id_number_region, application.id_number_tail = number[:6], number[-4:]
    application.birth_date, application.gender = birth, gender
    for name in _PLAIN_FIELDS:
        setattr(application, name, data.get(name))
    application.is_migrant_worker = bool(data.get("is_migrant_worker"))
    application.org_id, application.source, application.point_id, application.in_pool = (
        org.id, source, point.id if point else None, in_pool)
    application.consented_at = application.submitted_at = utcnow()
    return application


def _save_pending():
    """Flush; the partial unique indexes turn a simultaneous twin into ApplicationPending."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise ApplicationPending() from None


def submit_application(user, data):
    """A new application from the signed-in worker."""
    application = _fill(MembershipApplication(user_id=user.id, status="pending"), data)
    # Pending first, member second: an approval turns "pending" into "member" in one commit, so one
    # of the two checks sees it whenever it lands (the other order leaves a window between them).
    _ensure_nothing_pending(application.person_index, user.id)
    ensure_not_member(application.person_index, user.id)
    db.session.add(application)
    _save_pending()
    db.session.add(ApplicationEvent(application_id=application.id, event="submitted"))
    record_audit("membership.application.submitted", actor=user, target=application,
                 org_id=application.org_id, to_state="pending", source=application.source)
    # Ids only: personal data never goes to the logs.
    log.info("membership application %s submitted to org %s (%s)", application.id, application.org_id,
             application.source)
    return application


def my_application(user, application_id):
    application = db.session.get(MembershipApplication, application_id)
    if application is None or application.user_id != user.id:
        raise ApplicationNotFound()
    return application


def resubmit_application(user, application_id, data):
    """Correct a rejected application and send it for review again."""
    application = my_application(user, application_id)
    if application.status != "rejected":
        raise ApplicationNotRejected()
    # Personal fields masked: the log never holds them in clear, so an erasure leaves nothing in it.
    edit = track_changes(application, "status", "id_number_masked", *_PLAIN_FIELDS, "org_id", "in_pool",
                         masked={"name": mask_name, "phone": mask_phone})
    _fill(application, data)
    _ensure_nothing_pending(application.person_index, user.id, except_id=application.id)
    ensure_not_member(application.person_index, user.id)
    application.status, application.decided_at = "pending", None
    application.decided_by_officer_id = application.reject_reason = None
    _save_pending()
    db.session.add(ApplicationEvent(application_id=application.id, event="resubmitted"))
    edit.audit("membership.application.resubmitted", actor=user, org_id=application.org_id,
               from_state="rejected", to_state="pending")
    return application


#: What a list of applications shows per row, loaded for the whole list at once.
APPLICATION_ROWS = (selectinload(MembershipApplication.org), selectinload(MembershipApplication.point),
                    selectinload(MembershipApplication.events))


def my_applications(user):
    return db.session.scalars(sa.select(MembershipApplication).options(*APPLICATION_ROWS)
                              .where(MembershipApplication.user_id == user.id)
                              .order_by(MembershipApplication.id.desc())).all()
