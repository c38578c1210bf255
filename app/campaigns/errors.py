"""Domain errors of the heat-relief campaigns (stable codes, Chinese messages)."""
from app.errors import Conflict, NotFound


class CampaignNotFound(NotFound):
    code, message = "campaign_not_found", "未找到该活动"


class StationNotFound(NotFound):
    code, message = "station_not_found", "未找到该驿站"


class SignupError(Conflict):
    """409 with a code per reason; the message is what the worker or staff member reads."""


class SignupNotFound(NotFound):
    code, message = "signup_not_found", "未找到该报名记录"
