"""Worker sign-in through WeChat, the worker's own profile, and officer sign-in."""
from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from app.auth import services
from app.auth.access import current_officer, current_worker, officer_signed_in, worker_required
from app.auth.schemas import (
    LoginResultSchema,
    MeSchema,
    OfficerLoginResultSchema,
    OfficerLoginSchema,
    OfficerSchema,
    UserSchema,
    WeChatCodeSchema,
)
from app.errors import DomainError
from app.membership.services import membership_summary
from app.transaction import committed

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="微信登录")
me_blp = Blueprint("me", __name__, url_prefix="/api/v1/me", description="我的信息")
admin_blp = Blueprint("admin_auth", __name__, url_prefix="/api/v1/admin/auth", description="工作人员登录")


@blp.route("/wechat/login")
class WeChatLogin(MethodView):
    @blp.arguments(WeChatCodeSchema)
    @blp.response(200, LoginResultSchema)
    @blp.alt_response(502, response="BAD_GATEWAY")
    def post(self, args):
        """用 wx.login 的 code 登录，换取本系统的令牌。"""
        user, token, expires_at = services.login_with_wechat(args["code"])
        return committed({"token": token, "expires_at": expires_at, "user": user})


@blp.route("/wechat/phone")
class WeChatPhone(MethodView):
    decorators = [worker_required]
    @blp.arguments(WeChatCodeSchema)
    @blp.response(200, UserSchema)
    @blp.alt_response(502, response="BAD_GATEWAY")
    def post(self, args):
        """用 getPhoneNumber 的 code 绑定手机号。"""
        return committed(services.bind_phone(current_worker(), args["code"]))


@me_blp.route("")
class Me(MethodView):
    decorators = [worker_required]
    @me_blp.response(200, MeSchema)
    def get(self):
        """我的资料、会员状态（个人信息均已脱敏）。"""
        user = current_worker()
        return {**UserSchema().dump(user), "membership": membership_summary(user),
                "is_station_staff": services.is_station_staff(user)}


@admin_blp.route("/login")
class OfficerLogin(MethodView):
    @admin_blp.arguments(OfficerLoginSchema)
    @admin_blp.response(200, OfficerLoginResultSchema)
    @admin_blp.alt_response(401, response="UNAUTHORIZED")
    def post(self, args):
        """工作人员用户名密码登录；同一地址连续输错须等待，等待时间逐次加倍。"""
        try:
            officer = services.authenticate_officer(args["username"], args["password"],
                                                    remote_addr=request.remote_addr)
        except DomainError:
            committed(None)  # a refused sign-in still keeps its failure count and audit entries
            raise
        token, expires_at = services.issue_officer_token(officer)
        return committed({"token": token, "expires_at": expires_at, "officer": officer})


@admin_blp.route("/me")
class OfficerMe(MethodView):
    decorators = [officer_signed_in]
    @admin_blp.response(200, OfficerSchema)
    def get(self):
        """当前登录的工作人员。"""
        return current_officer()


blueprints = [blp, me_blp, admin_blp]
