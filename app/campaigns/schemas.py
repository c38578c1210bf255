"""Heat-relief campaigns in and out of the API."""
import marshmallow as ma
from marshmallow import fields, validate

from app.auth.roles import ROLE_LABELS
from app.campaigns.labels import ELIGIBILITY_LABELS, PICKUP_LIMIT_LABELS, SIGNUP_STATUS_LABELS
from app.campaigns.models import ELIGIBILITIES, LIMIT_RULES, SIGNUP_STATUSES, STOCK_MODES
from app.personal_data import mask_phone
from app.schemas import LocalDateTime, PageArgs, Schema, page_of
from app.timeutil import utcnow


class CampaignCreateSchema(Schema):
    org_id = fields.Integer(required=True, metadata={"description": "主办工会（须在本人管辖范围内）"})
    name = fields.String(required=True, validate=validate.Length(min=2, max=120))
    description = fields.String(validate=validate.Length(max=2000))
    pack_contents = fields.List(fields.String(validate=validate.Length(min=1, max=50)), required=True,
                                validate=validate.Length(min=1, max=20), metadata={"description": "清凉包内容"})
    signup_starts_at = LocalDateTime(required=True)
    signup_ends_at = LocalDateTime(required=True)
    pickup_starts_at = LocalDateTime(required=True)
    pickup_ends_at = LocalDateTime(required=True)
    eligibility = fields.String(load_default="all_workers", validate=validate.OneOf(ELIGIBILITIES))
    limit_rule = fields.String(data_key="limit", load_default="once_per_campaign", validate=validate.OneOf(LIMIT_RULES))


class CampaignEditSchema(CampaignCreateSchema):
    """What an officer may change on a campaign: every field of the create form but the host union,
    each optional (only those sent change). Once workers signed up, `eligibility` and `limit` stay."""

    class Meta(CampaignCreateSchema.Meta):
        exclude = ("org_id",)

    name = fields.String(validate=validate.Length(min=2, max=120))
    description = fields.String(allow_none=True, validate=validate.Length(max=2000))
    pack_contents = fields.List(fields.String(validate=validate.Length(min=1, max=50)),
                                validate=validate.Length(min=1, max=20), metadata={"description": "清凉包内容"})
    signup_starts_at = LocalDateTime()
    signup_ends_at = LocalDateTime()
    pickup_starts_at = LocalDateTime()
    pickup_ends_at = LocalDateTime()
    eligibility = fields.String(validate=validate.OneOf(ELIGIBILITIES))
    limit_rule = fields.String(data_key="limit", validate=validate.OneOf(LIMIT_RULES))


class CampaignSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    description = fields.String(allow_none=True)
    org_id = fields.Integer()
    org_name = fields.Function(lambda c: c.org.name)
    pack_contents = fields.List(fields.String())
    signup_starts_at = LocalDateTime()
    signup_ends_at = LocalDateTime()
    pickup_starts_at = LocalDateTime()
    pickup_ends_at = LocalDateTime()
    eligibility = fields.String(metadata={"enum": list(ELIGIBILITIES)})
    eligibility_label = fields.Function(lambda c: ELIGIBILITY_LABELS[c.eligibility])
    limit = fields.String(attribute="limit_rule", metadata={"enum": list(LIMIT_RULES)})
    limit_label = fields.Function(lambda c: PICKUP_LIMIT_LABELS[c.limit_rule])
    signup_open = fields.Function(lambda c: c.signup_starts_at <= utcnow() <= c.signup_ends_at)


#: The coordinate system of every station's latitude/longitude, in and out.
GCJ02 = "GCJ-02（国测局坐标，wx.getLocation type: 'gcj02' 与高德/腾讯地图所用）"
PHONE_DOC = {"description": "驿站对外联系电话：手机号或带区号的固定电话（如 0471-6961234）；没有时为 null",
             "example": "0471-6961234"}


def _latitude(**kwargs):
    return fields.Float(validate=validate.Range(min=-90, max=90), metadata={"description": f"纬度，{GCJ02}"}, **kwargs)


def _longitude(**kwargs):
    return fields.Float(validate=validate.Range(min=-180, max=180), metadata={"description": f"经度，{GCJ02}"},
                        **kwargs)


class StationEditSchema(Schema):
    """What an officer may change on a station; every field optional (only those sent change)."""
    name = fields.String(validate=validate.Length(min=2, max=120))
    address = fields.String(validate=validate.Length(min=2, max=255))
    latitude = _latitude()
    longitude = _longitude()
    opening_hours = fields.String(allow_none=True, validate=validate.Length(max=120),
                                  metadata={"example": "每天 9:00-18:00"})
    phone = fields.String(allow_none=True, validate=validate.Length(max=30), metadata=PHONE_DOC)
    stock = fields.Integer(validate=validate.Range(min=0, max=1_000_000),
                           metadata={"description": "活动总量（不能少于已报名和已领取的份数）；按日库存的驿站为每日份数"})
    confirm_outside_city = fields.Boolean(load_default=False, metadata={
        "description": "坐标不在本市范围（配置 CITY_BOUNDS）时须为 true 才保存，否则 422 station_outside_city"})


class StationCreateSchema(StationEditSchema):
    org_id = fields.Integer(required=True, metadata={"description": "所属区县工会"})
    name = fields.String(required=True, validate=validate.Length(min=2, max=120))
    address = fields.String(required=True, validate=validate.Length(min=2, max=255))
    latitude = _latitude(required=True)
    longitude = _longitude(required=True)
    stock_mode = fields.String(load_default="campaign", validate=validate.OneOf(STOCK_MODES),
                               metadata={"description": "campaign：整个活动共用库存；daily：每天的库存"})
    stock = fields.Integer(required=True, validate=validate.Range(min=0, max=1_000_000))


class StationSchema(Schema):
    id = fields.Integer()
    campaign_id = fields.Integer()
    org_id = fields.Integer()
    name = fields.String()
    address = fields.String()
    latitude = fields.Float(metadata={"description": f"纬度，{GCJ02}"})
    longitude = fields.Float(metadata={"description": f"经度，{GCJ02}"})
    opening_hours = fields.String(allow_none=True)
    phone = fields.String(allow_none=True, metadata=PHONE_DOC)
    stock_mode = fields.String(metadata={"enum": list(STOCK_MODES)})
    daily_stock = fields.Integer(allow_none=True)
    stock_total = fields.Integer()
    is_open = fields.Boolean()


class NearbyArgs(PageArgs):
    lat = fields.Float(validate=validate.Range(min=-90, max=90), metadata={"description": f"职工所在纬度，{GCJ02}"})
    lng = fields.Float(validate=validate.Range(min=-180, max=180), metadata={"description": f"职工所在经度，{GCJ02}"})

    @ma.validates_schema
    def both_or_neither(self, data, **kwargs):
        if ("lat" in data) != ("lng" in data):
            raise ma.ValidationError("经纬度须同时提供", "lat" if "lat" not in data else "lng")


class NearbyStationSchema(StationSchema):
    stock_left = fields.Integer()
    distance_m = fields.Integer(allow_none=True, metadata={"description": "距离（米）"})

    @ma.pre_dump
    def flatten(self, item, **kwargs):
        station = item["station"]
        return {**{name: getattr(station, name) for name in StationSchema._declared_fields},
                "stock_left": item["stock_left"], "distance_m": item["distance_m"]}


class StationFiguresSchema(Schema):
    station = fields.Nested(StationSchema)
    signed_up = fields.Integer(metadata={"description": "已报名（未取消）"})
    picked_up = fields.Integer(metadata={"description": "已领取"})
    left = fields.Integer(metadata={"description": "剩余库存（按日库存的驿站为今日剩余）"})


class CampaignFiguresSchema(Schema):
    campaigns = fields.Integer()
    open_campaigns = fields.Integer()
    stations = fields.Integer()
    open_stations = fields.Integer()
    signed_up = fields.Integer()
    picked_up = fields.Integer()
    left = fields.Integer()


class AddStockSchema(Schema):
    quantity = fields.Integer(required=True, validate=validate.Range(min=1, max=1_000_000))


class SignupCreateSchema(Schema):
    station_id = fields.Integer(required=True)


class StationBriefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    address = fields.String()
    opening_hours = fields.String(allow_none=True)
    phone = fields.String(allow_none=True, metadata=PHONE_DOC)
    latitude = fields.Float(metadata={"description": f"纬度，{GCJ02}"})
    longitude = fields.Float(metadata={"description": f"经度，{GCJ02}"})
    #: False once the union closed it (a worker signed up there is told to choose another).
    is_open = fields.Boolean()


class CampaignBriefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    pack_contents = fields.List(fields.String())
    pickup_starts_at = LocalDateTime()
    pickup_ends_at = LocalDateTime()


class SignupSchema(Schema):
    id = fields.Integer()
    campaign_id = fields.Integer()
    campaign = fields.Nested(CampaignBriefSchema)
    station = fields.Nested(StationBriefSchema)
    status = fields.String(metadata={"enum": list(SIGNUP_STATUSES)})
    status_label = fields.Function(lambda s: SIGNUP_STATUS_LABELS[s.status])
    short_code = fields.String(metadata={"description": "6位领取码，到驿站出示或报给工作人员"})
    created_at = LocalDateTime()
    cancelled_at = LocalDateTime(allow_none=True)
    picked_up_at = LocalDateTime(allow_none=True)


class PickupQrSchema(Schema):
    token = fields.String(metadata={"description": "绘制为二维码；有效期不超过 60 秒"})
    expires_at = LocalDateTime()
    short_code = fields.String()


class RedeemSchema(Schema):
    station_id = fields.Integer(required=True)
    token = fields.String(validate=validate.Length(max=1000))
    short_code = fields.String(validate=validate.Length(min=6, max=6))


class RedemptionSchema(Schema):
    id = fields.Integer()
    signup_id = fields.Integer()
    station_id = fields.Integer()
    station_name = fields.Function(lambda r: r.station.name)
    short_code = fields.Function(lambda r: r.signup.short_code)
    campaign_name = fields.Function(lambda r: r.signup.campaign.name)
    worker_phone = fields.Function(lambda r: mask_phone(r.signup.user.phone) if r.signup.user.phone else None)
    officer_name = fields.Function(lambda r: r.officer.name)
    method = fields.String(metadata={"enum": ["token", "short_code"]})
    redeemed_at = LocalDateTime()


class RedemptionArgs(PageArgs):
    station_id = fields.Integer()


CampaignPageSchema = page_of(CampaignSchema)


class StaffRedeemSchema(Schema):
    """The staff mode's redeem: the station is the staff member's own, so only the code."""
    token = fields.String(validate=validate.Length(max=1000))
    short_code = fields.String(validate=validate.Length(min=6, max=6))


class StaffMeSchema(Schema):
    role = fields.String(metadata={"enum": ["city_admin", "org_admin", "station_staff"]})
    role_label = fields.Function(lambda f: ROLE_LABELS[f["role"]])
    station = fields.Nested(StationBriefSchema, allow_none=True)
    campaign = fields.Nested(CampaignBriefSchema, allow_none=True)
    #: Packs handed out at the station since midnight (Asia/Shanghai).
    redeemed_today = fields.Integer(allow_none=True)
    stock_left = fields.Integer(allow_none=True)
