"""Membership requests and responses; ID numbers and phones go out masked."""
from marshmallow import fields, pre_load, validate

from app.auth.schemas import UserSchema
from app.membership.labels import OCCUPATION_LABELS
from app.membership.models import (
    APPLICATION_SOURCES,
    APPLICATION_STATUSES,
    HOUSEHOLD_TYPES,
    MEMBER_SORT_KEYS,
    MEMBER_STATUSES,
    OCCUPATIONS,
    POINT_KINDS,
    TRANSFER_LIST_DIRECTIONS,
    TRANSFER_STATUSES,
)
from app.orgs.schemas import OrgBriefSchema
from app.personal_data import PHONE_PATTERN, mask_name, mask_phone
from app.schemas import LocalDateTime, PageArgs, Schema, page_of

_OCCUPATION = validate.OneOf(OCCUPATIONS, error="请从列表中选择职业")


def _text(max_length, *, required=False, min_length=None, **kwargs):
    return fields.String(required=required, validate=validate.Length(min=min_length or (1 if required else 0),
                                                                     max=max_length), **kwargs)


class ApplicationInSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=2, max=30, error="姓名应为2到30个字"))
    id_number = fields.String(required=True, validate=validate.Length(equal=18, error="身份证号码应为18位"))
    phone = fields.String(required=True, validate=validate.Regexp(PHONE_PATTERN, error="请输入11位中国大陆手机号"))
    ethnicity = _text(20, allow_none=True)
    education = _text(30, allow_none=True)
    political_status = _text(30, allow_none=True)
    household_type = fields.String(allow_none=True, validate=validate.OneOf(HOUSEHOLD_TYPES, error="户籍类型无效"))
    is_migrant_worker = fields.Boolean(load_default=False)
    occupation = fields.String(required=True, validate=_OCCUPATION)
    employer = _text(100, required=True)
    org_id = fields.Integer(allow_none=True)
    scene = fields.String(allow_none=True, validate=validate.Length(min=1, max=32))
    district_org_id = fields.Integer(allow_none=True)
    consent_version = fields.String(required=True, validate=validate.Length(
        min=1, max=20, error="请阅读并同意《个人敏感信息处理告知书》"))

    @pre_load
    def strip_text(self, data, **kwargs):
        """A name or employer of blanks is no name: trim before the length rules look at it."""
        if not isinstance(data, dict):
            return data
        return {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}


class EventSchema(Schema):
    event = fields.String(metadata={"enum": ["submitted", "approved", "rejected", "resubmitted", "reassigned"]})
    at = LocalDateTime()
    reason = fields.String(allow_none=True)


class PointBriefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()


class _PersonSchema(Schema):
    """Personal fields shared by applications and members, masked."""

    name = fields.String()
    id_number_masked = fields.String()
    phone_masked = fields.Function(lambda record: mask_phone(record.phone))
    gender = fields.String()
    birth_date = fields.Date()
    occupation = fields.String()
    occupation_label = fields.Function(lambda record: OCCUPATION_LABELS.get(record.occupation))
    employer = fields.String()
    org = fields.Nested(OrgBriefSchema)


class ApplicationSchema(_PersonSchema):
    id = fields.Integer()
    status = fields.String(metadata={"enum": list(APPLICATION_STATUSES)})
    ethnicity = fields.String(allow_none=True)
    education = fields.String(allow_none=True)
    political_status = fields.String(allow_none=True)
    household_type = fields.String(allow_none=True)
    is_migrant_worker = fields.Boolean()
    source = fields.String(metadata={"enum": list(APPLICATION_SOURCES)})
    in_pool = fields.Boolean()
    point = fields.Nested(PointBriefSchema, allow_none=True)
    consent_version = fields.String()
    consented_at = LocalDateTime()
    submitted_at = LocalDateTime()
    decided_at = LocalDateTime(allow_none=True)
    reject_reason = fields.String(allow_none=True)
    timeline = fields.List(fields.Nested(EventSchema), attribute="events")


class MyApplicationsSchema(Schema):
    items = fields.List(fields.Nested(ApplicationSchema))


class MemberSchema(_PersonSchema):
    id = fields.Integer()
    member_no = fields.String()
    status = fields.String(metadata={"enum": list(MEMBER_STATUSES)})
    status_reason = fields.String(allow_none=True)
    joined_at = LocalDateTime()
    application_id = fields.Integer()
    source_point_id = fields.Integer(allow_none=True)


class MemberBriefSchema(Schema):
    id = fields.Integer()
    member_no = fields.String()
    name_masked = fields.Function(lambda member: mask_name(member.name))


class ClaimInSchema(Schema):
    id_number = fields.String(required=True, validate=validate.Length(equal=18, error="身份证号码应为18位"))


class TransferInSchema(Schema):
    to_org_id = fields.Integer(required=True)
    reason = _text(500, required=True)


class TransferSchema(Schema):
    id = fields.Integer()
    member = fields.Nested(MemberBriefSchema)
    from_org = fields.Nested(OrgBriefSchema)
    to_org = fields.Nested(OrgBriefSchema)
    reason = fields.String()
    status = fields.String(metadata={"enum": list(TRANSFER_STATUSES)})
    requested_at = LocalDateTime()
    decided_at = LocalDateTime(allow_none=True)
    reject_reason = fields.String(allow_none=True)


class TransferListSchema(Schema):
    items = fields.List(fields.Nested(TransferSchema))


class EnrollmentInfoSchema(Schema):
    scene = fields.String()
    point = fields.Nested(PointBriefSchema)
    org = fields.Nested(OrgBriefSchema)
    path_names = fields.List(fields.String())


# --- officers --------------------------------------------------------------------------------------

class ApplicationListArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(APPLICATION_STATUSES))
    org_id = fields.Integer()
    occupation = fields.String(validate=_OCCUPATION)
    source = fields.String(validate=validate.OneOf(APPLICATION_SOURCES))
    q = fields.String(validate=validate.Length(min=1, max=30))
    date_from = fields.Date()
    date_to = fields.Date()
    sort = fields.String(load_default="submitted_at",
                         validate=validate.OneOf(("submitted_at", "-submitted_at", "name", "-name")),
                         metadata={"description": "默认等待最久的在前（submitted_at）；前缀 - 为倒序"})


class MemberListArgs(PageArgs):
    org_id = fields.Integer()
    status = fields.String(validate=validate.OneOf(MEMBER_STATUSES))
    occupation = fields.String(validate=_OCCUPATION)
    q = fields.String(validate=validate.Length(min=1, max=30))
    sort = fields.String(load_default="-joined_at", validate=validate.OneOf(MEMBER_SORT_KEYS),
                         metadata={"description": "member_no / name / joined_at，前缀 - 为倒序；默认新入会的在前"})


class TransferListArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(TRANSFER_STATUSES))
    direction = fields.String(load_default="all", validate=validate.OneOf(TRANSFER_LIST_DIRECTIONS),
                              metadata={"description": "incoming 转入本组织（由本组织审批）/ outgoing 从本组织转出 / all 两者"})


class ApproveSchema(Schema):
    org_id = fields.Integer(allow_none=True, metadata={"description": "周转库中的申请：分配到的基层工会"})


class BatchApproveSchema(Schema):
    ids = fields.List(fields.Integer(), required=True,
                      validate=validate.Length(min=1, max=100, error="请选择 1 到 100 份申请"))


class BatchRejectSchema(BatchApproveSchema):
    reason = _text(500, required=True)


class BatchResultSchema(Schema):
    results = fields.List(fields.Dict())


class ReasonSchema(Schema):
    reason = _text(500, required=True)


class ReassignSchema(Schema):
    org_id = fields.Integer(required=True)
    reason = _text(500, allow_none=True)


class RevealSchema(ReasonSchema):
    pass


class RevealedSchema(Schema):
    id_number = fields.String()


class RevealedPhoneSchema(Schema):
    phone = fields.String()


class PointInSchema(Schema):
    org_id = fields.Integer(required=True)
    name = _text(80, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(POINT_KINDS))


class PointSchema(Schema):
    id = fields.Integer()
    scene = fields.String()
    name = fields.String()
    kind = fields.String()
    org = fields.Nested(OrgBriefSchema)
    created_at = LocalDateTime()
    application_count = fields.Integer(dump_default=0)
    member_count = fields.Integer(dump_default=0)


PointListSchema = page_of(PointSchema, "PointListSchema")


class FiguresSchema(Schema):
    pending_applications = fields.Integer()
    members_total = fields.Integer()
    members_by_district = fields.List(fields.Dict())
    members_by_occupation = fields.List(fields.Dict())
    joins_this_month = fields.Integer()
    top_enrollment_points = fields.List(fields.Dict())


# --- the worker's own export -----------------------------------------------------------------------

class _OwnIdNumber(Schema):
    id_number = fields.String(attribute="id_number_plain")


class ExportApplicationSchema(ApplicationSchema, _OwnIdNumber):
    phone = fields.String()


class ExportMemberSchema(MemberSchema, _OwnIdNumber):
    phone = fields.String()


class OrgLinkSchema(Schema):
    org = fields.Nested(OrgBriefSchema)
    started_at = LocalDateTime()
    ended_at = LocalDateTime(allow_none=True)


class ExportUserSchema(UserSchema):
    """The worker's own account, unmasked: it is their data (the WeChat session_key stays out)."""

    phone = fields.String(allow_none=True)
    openid = fields.String()
    unionid = fields.String(allow_none=True)
    last_login_at = LocalDateTime(allow_none=True)


class ExportSchema(Schema):
    user = fields.Nested(ExportUserSchema)
    applications = fields.List(fields.Nested(ExportApplicationSchema))
    member = fields.Nested(ExportMemberSchema, allow_none=True)
    member_history = fields.List(fields.Nested(OrgLinkSchema))
    transfers = fields.List(fields.Nested(TransferSchema))
    legal_aid = fields.Raw()
    campaigns = fields.Raw()
    cards = fields.Raw()


ApplicationPageSchema = page_of(ApplicationSchema)
MemberPageSchema = page_of(MemberSchema)
TransferPageSchema = page_of(TransferSchema)
