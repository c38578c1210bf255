"""The report's query arguments and the JSON of the federation's figures (GET /api/v1/admin/stats)."""
from marshmallow import fields, validate

from app.campaigns.schemas import CampaignFiguresSchema
from app.legal_aid.schemas import DateRangeArgs
from app.legal_aid.schemas import StatsSchema as LegalAidStatsSchema
from app.membership.schemas import FiguresSchema as MembershipFiguresSchema
from app.reports.periods import PERIOD_LABELS
from app.schemas import Schema


class FiguresArgs(DateRangeArgs):
    period = fields.String(validate=validate.OneOf(list(PERIOD_LABELS), error="统计期间无效"),
                           metadata={"description": "month 本月 / year 本年（默认）/ 12m 近12个月；给出 from/to 即为自定义"})
    year = fields.Integer(validate=validate.Range(min=2000, max=2100, error="年份无效"),
                          metadata={"description": "某一自然年（1月1日至12月31日）"})
    org_id = fields.Integer(metadata={"description": "统计范围：本组织及下级（须在本人管辖范围内；默认本人所属组织）"})


class PeriodSchema(Schema):
    kind = fields.String()
    kind_label = fields.String()
    date_from = fields.Date(data_key="from", attribute="from")
    date_to = fields.Date(data_key="to", attribute="to")
    label = fields.String()


class FiguresOrgSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class UnionFiguresSchema(Schema):
    total = fields.Integer(metadata={"description": "在用工会组织（含本级）"})
    by_kind = fields.List(fields.Dict(), metadata={"description": "[{kind, label, count}]"})
    by_subkind = fields.List(fields.Dict(), metadata={"description": "基层工会按类型 [{subkind, label, count}]"})


class ReportMembershipSchema(MembershipFiguresSchema):
    migrant_members = fields.Integer(metadata={"description": "在册农民工会员（当前）"})
    new_members = fields.Integer(metadata={"description": "期间新入会（不论现状态）"})
    new_migrant_members = fields.Integer()


class EnrollmentFiguresSchema(Schema):
    enrollment_points = fields.Integer(metadata={"description": "期末前设立的扫码入会点"})
    points_with_applications = fields.Integer()
    point_applications = fields.Integer(metadata={"description": "期间经入会点提交的申请"})
    point_members = fields.Integer(metadata={"description": "期间经入会点入会的会员"})
    applications_per_point = fields.Decimal(as_string=True, metadata={"description": "每个入会点的申请数"})
    top_points = fields.List(fields.Dict(),
                             metadata={"description": "申请最多的入会点 [{id, name, org_name, applications, members}]"})


class CampaignPeriodSchema(Schema):
    campaigns = fields.Integer(metadata={"description": "期间开展的送清凉活动（本级及下级主办，或在此设驿站）"})
    stations = fields.Integer(metadata={"description": "这些活动在本范围内的驿站"})
    signed_up = fields.Integer(metadata={"description": "期间报名（未取消）"})
    packs_handed_out = fields.Integer(metadata={"description": "期间发放（核销）的清凉包"})


class TrendsSchema(Schema):
    months = fields.List(fields.String())
    days = fields.List(fields.String())
    new_members_by_district = fields.List(fields.Dict(), metadata={"description": "[{org_id, name, counts[按月]}]"})
    new_members_by_occupation = fields.List(fields.Dict(), metadata={"description": "[{occupation, counts[按月]}]"})
    legal_aid_cases = fields.List(fields.Integer(), metadata={"description": "按月案件数"})
    pickups = fields.List(fields.Integer(), metadata={"description": "按日领取（核销）数"})


class FederationFiguresSchema(Schema):
    """The same numbers as the dashboard and the 统计报表 page, for one period and subtree."""

    counted_at = fields.DateTime(metadata={"description": "统计时间（同一范围和期间的数字在 FIGURES_CACHE_SECONDS 内复用）"})
    period = fields.Nested(PeriodSchema)
    org = fields.Nested(FiguresOrgSchema)
    unions = fields.Nested(UnionFiguresSchema)
    membership = fields.Nested(ReportMembershipSchema)
    enrollment = fields.Nested(EnrollmentFiguresSchema)
    legal_aid = fields.Nested(LegalAidStatsSchema)
    campaigns = fields.Nested(CampaignFiguresSchema, metadata={"description": "当前（本人管辖范围）"})
    campaigns_period = fields.Nested(CampaignPeriodSchema)
    trends = fields.Nested(TrendsSchema)
