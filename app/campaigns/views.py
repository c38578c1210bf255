"""HTTP endpoints of the heat-relief campaigns: workers sign up, officers manage, staff redeem."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.auth import roles
from app.auth.access import (
    current_officer,
    current_staff,
    current_worker,
    officer_required,
    staff_required,
    worker_required,
)
from app.campaigns import editing, pickups, services
from app.campaigns.schemas import (
    AddStockSchema,
    CampaignCreateSchema,
    CampaignEditSchema,
    CampaignFiguresSchema,
    CampaignPageSchema,
    CampaignSchema,
    NearbyArgs,
    NearbyStationSchema,
    PickupQrSchema,
    RedeemSchema,
    RedemptionArgs,
    RedemptionSchema,
    SignupCreateSchema,
    SignupSchema,
    StaffMeSchema,
    StaffRedeemSchema,
    StationCreateSchema,
    StationEditSchema,
    StationFiguresSchema,
    StationSchema,
)
from app.schemas import PageArgs, page_of
from app.transaction import committed

blp = Blueprint("campaigns", __name__, url_prefix="/api/v1/campaigns", description="夏季送清凉")
admin_blp = Blueprint("admin_campaigns", __name__, url_prefix="/api/v1/admin/campaigns",
                      description="送清凉活动管理与核销")
staff_blp = Blueprint("staff_campaigns", __name__, url_prefix="/api/v1/staff",
                      description="工作人员模式：驿站核销")
managers = officer_required(roles.OFFICE)


# --- workers -----------------------------------------------------------------------------------

@blp.route("")
class OpenCampaigns(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, CampaignPageSchema)
    def get(self, args):
        """正在报名的送清凉活动。"""
        return services.list_open_campaigns(**args)


@blp.route("/<int:campaign_id>/stations")
class NearbyStations(MethodView):
    @blp.arguments(NearbyArgs, location="query")
    @blp.response(200, page_of(NearbyStationSchema, "NearbyStationPageSchema"))
    def get(self, args, campaign_id):
        """活动的开放驿站：提供经纬度时由近到远，含距离与剩余库存（分页）。"""
        return services.nearby_stations(campaign_id, args.get("lat"), args.get("lng"), page=args["page"],
                                        per_page=args["per_page"])


@blp.route("/<int:campaign_id>/signups")
class Signups(MethodView):
    decorators = [worker_required]
    @blp.arguments(SignupCreateSchema)
    @blp.response(201, SignupSchema)
    def post(self, args, campaign_id):
        """报名领取清凉包，返回6位领取码。"""
        # The answer is what was just written (plain values, nothing to reload after the commit).
        return committed(pickups.sign_up(current_worker(), campaign_id, args["station_id"]))


@blp.route("/signups/mine")
class MySignups(MethodView):
    decorators = [worker_required]
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(SignupSchema))
    def get(self, args):
        """我的送清凉报名。"""
        return pickups.my_signups(current_worker(), **args)


@blp.route("/signups/<int:signup_id>/qr")
class SignupQr(MethodView):
    decorators = [worker_required]
    @blp.response(200, PickupQrSchema)
    def get(self, signup_id):
        """领取二维码：短时有效的签名令牌（到驿站扫码核销）。"""
        return pickups.pickup_qr(current_worker(), signup_id)


@blp.route("/signups/<int:signup_id>/cancel")
class CancelSignup(MethodView):
    decorators = [worker_required]
    @blp.response(200, SignupSchema)
    def post(self, signup_id):
        """取消报名，清凉包退回驿站库存。"""
        return committed(pickups.cancel_signup(current_worker(), signup_id))


# --- officers ----------------------------------------------------------------------------------

@admin_blp.route("")
class AdminCampaigns(MethodView):
    @managers
    @admin_blp.arguments(PageArgs, location="query")
    @admin_blp.response(200, CampaignPageSchema)
    def get(self, args):
        """本人可见的送清凉活动。"""
        return services.list_campaigns(current_officer(), **args)

    @managers
    @admin_blp.arguments(CampaignCreateSchema)
    @admin_blp.response(201, CampaignSchema)
    def post(self, args):
        """创建送清凉活动。"""
        return committed(services.create_campaign(current_officer(), args))


@admin_blp.route("/figures")
class AdminFigures(MethodView):
    @managers
    @admin_blp.response(200, CampaignFiguresSchema)
    def get(self):
        """送清凉总体数据（本人管辖范围内）。"""
        return services.campaign_figures(current_officer())


@admin_blp.route("/<int:campaign_id>")
class AdminCampaign(MethodView):
    @managers
    @admin_blp.response(200, CampaignSchema)
    def get(self, campaign_id):
        """一个送清凉活动。"""
        return services.get_campaign(current_officer(), campaign_id)

    @managers
    @admin_blp.arguments(CampaignEditSchema)
    @admin_blp.response(200, CampaignSchema)
    def patch(self, args, campaign_id):
        """修改活动（只改提交的字段）；已有报名时参与对象与限领规则不能改，时间窗须包含已有的报名和领取。"""
        return committed(editing.update_campaign(current_officer(), campaign_id, args))


@admin_blp.route("/<int:campaign_id>/stations")
class AdminStations(MethodView):
    @managers
    @admin_blp.response(200, StationFiguresSchema(many=True))
    def get(self, campaign_id):
        """各驿站的报名、领取与剩余数（本人管辖范围内）。"""
        return services.station_figures(current_officer(), campaign_id)

    @managers
    @admin_blp.arguments(StationCreateSchema)
    @admin_blp.response(201, StationSchema)
    def post(self, args, campaign_id):
        """为活动新增驿站。"""
        return committed(services.create_station(current_officer(), campaign_id, args))


@admin_blp.route("/<int:campaign_id>/redemptions")
class AdminRedemptions(MethodView):
    @managers
    @admin_blp.arguments(RedemptionArgs, location="query")
    @admin_blp.response(200, page_of(RedemptionSchema))
    def get(self, args, campaign_id):
        """核销记录，新的在前；可按驿站筛选。"""
        return services.list_redemptions(current_officer(), campaign_id, args.get("station_id"),
                                         page=args["page"], per_page=args["per_page"])


@admin_blp.route("/stations/<int:station_id>")
class AdminStation(MethodView):
    @managers
    @admin_blp.arguments(StationEditSchema)
    @admin_blp.response(200, StationSchema)
    def patch(self, args, station_id):
        """修改驿站（只改提交的字段）：名称、地址、坐标（GCJ-02，不在本市须确认）、开放时间、联系电话、库存。"""
        return committed(editing.update_station(current_officer(), station_id, args))


@admin_blp.route("/stations/<int:station_id>/stock")
class AdminStationStock(MethodView):
    @managers
    @admin_blp.arguments(AddStockSchema)
    @admin_blp.response(200, StationSchema)
    def post(self, args, station_id):
        """补充驿站库存。"""
        return committed(services.add_stock(current_officer(), station_id, args["quantity"]))


@admin_blp.route("/stations/<int:station_id>/<any(close, reopen):action>")
class AdminStationOpening(MethodView):
    @managers
    @admin_blp.response(200, StationSchema)
    def post(self, station_id, action):
        """暂停（close）或重新开放（reopen）驿站发放。"""
        change = services.close_station if action == "close" else services.reopen_station
        return committed(change(current_officer(), station_id))


@admin_blp.route("/redeem")
class AdminRedeem(MethodView):
    @officer_required(roles.STATION_WORKERS)
    @admin_blp.arguments(RedeemSchema)
    @admin_blp.response(200, RedemptionSchema)
    def post(self, args):
        """扫码或输入领取码核销，每份只能领取一次。"""
        return committed(pickups.redeem_pickup(current_officer(), args["station_id"], token=args.get("token"),
                                               short_code=args.get("short_code")))


# --- staff mode (a WeChat user bound to a station worker's account) ------------------------------

@staff_blp.route("/me")
class StaffMe(MethodView):
    decorators = [staff_required]
    @staff_blp.response(200, StaffMeSchema)
    def get(self):
        """工作人员模式：角色、所在驿站、今日已核销份数与剩余库存。"""
        return pickups.staff_station_figures(current_staff())


@staff_blp.route("/pickups/redeem")
class StaffRedeem(MethodView):
    decorators = [staff_required]
    @staff_blp.arguments(StaffRedeemSchema)
    @staff_blp.response(200, RedemptionSchema)
    def post(self, args):
        """工作人员模式：扫领取码或输入6位领取码，在本驿站核销。"""
        actor = current_staff()
        return committed(pickups.redeem_pickup(actor, actor.station_id, token=args.get("token"),
                                               short_code=args.get("short_code")))


blueprints = [blp, admin_blp, staff_blp]
