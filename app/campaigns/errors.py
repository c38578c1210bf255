"""Domain errors of the heat-relief campaigns (stable codes, Chinese messages)."""
from app.errors import Conflict, NotFound, ValidationFailed


class CampaignNotFound(NotFound):
    code, message = "campaign_not_found", "未找到该活动"


class StationNotFound(NotFound):
    code, message = "station_not_found", "未找到该驿站"


class SignupError(Conflict):
    """409 with a code per reason; the message is what the worker or staff member reads."""


class SignupNotFound(NotFound):
    code, message = "signup_not_found", "未找到该报名记录"


class StationOutsideCity(ValidationFailed):
    """422 until the officer confirms: coordinates outside the configured city box are usually a typo."""
    code = "station_outside_city"


class CampaignHasSignups(Conflict):
    code, message = "campaign_has_signups", "已有职工报名，不能再修改参与对象或限领规则"
