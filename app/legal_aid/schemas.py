from marshmallow import ValidationError, fields, validate, validates_schema

from app.legal_aid.bookings import can_cancel, cancel_deadline, is_bookable
from app.legal_aid.labels import BOOKING_STATUS_LABELS, CASE_TYPE_LABELS, OUTCOME_LABELS
from app.legal_aid.models import CASE_TYPES, OUTCOMES
from app.orgs.schemas import OrgBriefSchema
from app.personal_data import PHONE_PATTERN, mask_phone
from app.schemas import LocalDateTime, PageArgs, Schema, page_of

_CASE_TYPE = validate.OneOf(CASE_TYPES, error="案件类型无效")
_PHONE = validate.Regexp(PHONE_PATTERN, error="手机号码格式不正确")
_URL = validate.URL(schemes={"http", "https"}, error="链接格式不正确，应以 http:// 或 https:// 开头")


class DateRangeArgs(Schema):
    #: ISO dates, local (Asia/Shanghai); both ends included.
    date_from = fields.Date(data_key="from")
    date_to = fields.Date(data_key="to")

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise ValidationError("结束日期不能早于开始日期", field_name="to")


class SessionListArgs(DateRangeArgs, PageArgs):
    pass


class AdminSessionListArgs(SessionListArgs):
    org_id = fields.Integer()


class StatsArgs(DateRangeArgs):
    org_id = fields.Integer()


# --- lawyers ------------------------------------------------------------------------------------

class LawyerBriefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    firm = fields.String()
    specialties = fields.List(fields.String())


class LawyerSchema(LawyerBriefSchema):
    phone = fields.String(allow_none=True)
    is_active = fields.Boolean()
    org_id = fields.Integer()
    officer_id = fields.Integer(allow_none=True)


class LawyerInSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=40))
    firm = fields.String(required=True, validate=validate.Length(min=1, max=120))
    specialties = fields.List(fields.String(validate=_CASE_TYPE), load_default=list)
    phone = fields.String(allow_none=True, validate=_PHONE)
    is_active = fields.Boolean(load_default=True)
    org_id = fields.Integer()
    officer_id = fields.Integer(allow_none=True)


class LawyerUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=40))
    firm = fields.String(validate=validate.Length(min=1, max=120))
    specialties = fields.List(fields.String(validate=_CASE_TYPE))
    phone = fields.String(allow_none=True, validate=_PHONE)
    is_active = fields.Boolean()
    officer_id = fields.Integer(allow_none=True)


class LawyerListArgs(PageArgs):
    active = fields.Boolean()


# --- sessions -----------------------------------------------------------------------------------

class SlotInSchema(Schema):
    start_time = fields.Time(required=True, metadata={"description": "当地时间 HH:MM"})
    length_minutes = fields.Integer(required=True, validate=validate.Range(min=5, max=240))
    capacity = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100))
    lawyer_id = fields.Integer(allow_none=True)


class _SessionFrameSchema(Schema):
    org_id = fields.Integer(required=True)
    start_time = fields.Time(required=True, metadata={"description": "当地时间 HH:MM"})
    end_time = fields.Time(required=True)
    place = fields.String(validate=validate.Length(max=255), metadata={"description": "地址；线上接待可不填"})
    is_online = fields.Boolean(load_default=False)
    online_url = fields.String(validate=[validate.Length(max=500), _URL])
    slot_minutes = fields.Integer(validate=validate.Range(min=5, max=240),
                                  metadata={"description": "不列出时段时，按此长度均分接待时间"})
    slot_capacity = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100))
    lawyer_id = fields.Integer(allow_none=True, metadata={"description": "均分出的时段由这位律师接待"})


class SessionInSchema(_SessionFrameSchema):
    date = fields.Date(required=True)
    slots = fields.List(fields.Nested(SlotInSchema), validate=validate.Length(max=100))


class RecurringSessionInSchema(_SessionFrameSchema):
    weekday = fields.Integer(required=True, validate=validate.Range(min=1, max=7),
                             metadata={"description": "1 = 星期一 … 7 = 星期日"})
    weeks_of_month = fields.List(fields.Integer(validate=validate.Range(min=1, max=5)), required=True,
                                 validate=validate.Length(min=1, max=5),
                                 metadata={"description": "每月第几个该星期几，如 [2, 4]"})
    months = fields.Integer(required=True, validate=validate.Range(min=1, max=12))
    start_date = fields.Date(metadata={"description": "从哪天起（默认今天）"})
    slot_minutes = fields.Integer(required=True, validate=validate.Range(min=5, max=240))


class SlotSchema(Schema):
    id = fields.Integer()
    starts_at = LocalDateTime()
    ends_at = LocalDateTime()
    length_minutes = fields.Integer()
    capacity = fields.Integer()
    places_left = fields.Integer()
    lawyer = fields.Nested(LawyerBriefSchema, allow_none=True)


class WorkerSlotSchema(SlotSchema):
    bookable = fields.Method("get_bookable")

    def get_bookable(self, slot):
        return is_bookable(slot)


class SessionBriefSchema(Schema):
    id = fields.Integer()
    org = fields.Nested(OrgBriefSchema)
    date = fields.Date()
    starts_at = LocalDateTime()
    ends_at = LocalDateTime()
    place = fields.String()
    is_online = fields.Boolean()
    online_url = fields.String(allow_none=True)
    status = fields.String()
    cancel_reason = fields.String(allow_none=True)


class SessionSchema(SessionBriefSchema):
    slots = fields.List(fields.Nested(SlotSchema))


class WorkerSessionSchema(SessionSchema):
    class Meta:
        exclude = ("cancel_reason",)

    slots = fields.List(fields.Nested(WorkerSlotSchema))


class RecurringResultSchema(Schema):
    created = fields.List(fields.Nested(SessionSchema))
    skipped_dates = fields.List(fields.Date())


class CapacitySchema(Schema):
    capacity = fields.Integer(required=True, validate=validate.Range(min=1, max=100))


class CancelSessionSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


# --- bookings -----------------------------------------------------------------------------------

class BookingInSchema(Schema):
    slot_id = fields.Integer(required=True)
    case_type = fields.String(required=True, validate=_CASE_TYPE)
    description = fields.String(required=True, validate=validate.Length(min=1, max=1000,
                                                                        error="请用 1 到 1000 个字描述您的问题"))
    contact_phone = fields.String(validate=_PHONE)
    contact_name = fields.String(validate=validate.Length(max=30, error="姓名不能超过 30 个字"),
                                 metadata={"description": "职工姓名（律师的名单上显示；已入会的显示会员姓名）"})
    workers_involved = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10000))

    @validates_schema
    def _not_blank(self, data, **kwargs):
        if "description" in data and not data["description"].strip():
            raise ValidationError("请描述您遇到的问题", field_name="description")


class _BookingBaseSchema(Schema):
    id = fields.Integer()
    slot_id = fields.Integer()
    session_id = fields.Integer()
    slot_starts_at = LocalDateTime(attribute="slot.starts_at")
    case_type = fields.String()
    case_type_label = fields.Function(lambda b: CASE_TYPE_LABELS[b.case_type])
    description = fields.String()
    contact_phone_masked = fields.Function(lambda b: mask_phone(b.contact_phone))
    workers_involved = fields.Integer()
    status = fields.String()
    status_label = fields.Function(lambda b: BOOKING_STATUS_LABELS[b.status])
    outcome = fields.String(allow_none=True)
    outcome_label = fields.Function(lambda b: OUTCOME_LABELS.get(b.outcome))
    lawyer = fields.Nested(LawyerBriefSchema, attribute="slot.lawyer", allow_none=True)


class MyBookingSchema(_BookingBaseSchema):
    session = fields.Nested(SessionBriefSchema)
    can_cancel = fields.Method("get_can_cancel")
    cancel_deadline = fields.Method("get_cancel_deadline")
    created_at = LocalDateTime()

    def get_can_cancel(self, booking):
        return can_cancel(booking)

    def get_cancel_deadline(self, booking):
        return LocalDateTime()._serialize(cancel_deadline(booking), None, None)


class RosterEntrySchema(_BookingBaseSchema):
    #: The member's name on file, else the name given on the booking form (never the WeChat nickname).
    worker_name = fields.Function(lambda b: getattr(b, "worker_name", None) or b.contact_name)
    amount_recovered = fields.Decimal(as_string=True, allow_none=True)
    outcome_workers_involved = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)
    checked_in_at = LocalDateTime(allow_none=True)


class RosterSchema(Schema):
    session = fields.Nested(SessionBriefSchema)
    items = fields.List(fields.Nested(RosterEntrySchema))


class PhoneRevealInSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=2, max=500, error="请用 2 到 500 个字说明理由"))


class BookingPhoneSchema(Schema):
    phone = fields.String()


class OutcomeInSchema(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES, error="办理结果无效"))
    amount_recovered = fields.Decimal(places=2, load_default=None, allow_none=True,
                                      validate=validate.Range(min=0, max=9999999999, error="金额应在 0 到 9999999999 元之间"))
    workers_involved = fields.Integer(validate=validate.Range(min=1, max=10000))
    note = fields.String(allow_none=True, validate=validate.Length(max=2000))


# --- stats --------------------------------------------------------------------------------------

class _FiguresSchema(Schema):
    label = fields.String()
    cases = fields.Integer()
    workers_involved = fields.Integer()
    amount_recovered = fields.Decimal(as_string=True)


class CaseTypeFiguresSchema(_FiguresSchema):
    case_type = fields.String()


class OutcomeFiguresSchema(_FiguresSchema):
    outcome = fields.String()


class MonthFiguresSchema(Schema):
    month = fields.String(metadata={"description": "月份 YYYY-MM（接待日所在月）"})
    cases = fields.Integer()
    workers_involved = fields.Integer()
    amount_recovered = fields.Decimal(as_string=True)


class CaseTypeOutcomeFiguresSchema(_FiguresSchema):
    case_type = fields.String()
    outcome = fields.String()


class StatsSchema(Schema):
    date_from = fields.Date(data_key="from", attribute="from")
    date_to = fields.Date(data_key="to", attribute="to")
    org_id = fields.Integer(allow_none=True)
    cases = fields.Integer()
    workers_involved = fields.Integer()
    amount_recovered = fields.Decimal(as_string=True)
    by_case_type = fields.List(fields.Nested(CaseTypeFiguresSchema))
    by_outcome = fields.List(fields.Nested(OutcomeFiguresSchema))
    by_month = fields.List(fields.Nested(MonthFiguresSchema), metadata={"description": "有案件的月份"})
    by_case_type_and_outcome = fields.List(fields.Nested(CaseTypeOutcomeFiguresSchema),
                                           metadata={"description": "案件类型 × 办理结果（仅有案件的组合）"})
    summary_text = fields.String()


SessionPageSchema = page_of(SessionSchema, "LegalAidSessionPageSchema")
WorkerSessionPageSchema = page_of(WorkerSessionSchema, "LegalAidWorkerSessionPageSchema")
MyBookingPageSchema = page_of(MyBookingSchema, "LegalAidMyBookingPageSchema")
LawyerPageSchema = page_of(LawyerSchema, "LawyerPageSchema")
