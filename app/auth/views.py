"""Worker sign-in through WeChat, the worker's own profile, and officer sign-in."""
from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from app.auth import accounts, roles, services
from app.auth.access import (
    current_officer,
    current_worker,
    officer_changing_password,
    officer_required,
    worker_required,
)
from app.auth.schemas import (
    LoginResultSchema,
    MeSchema,
    OfficerCreateSchema,
    OfficerLoginResultSchema,
    OfficerLoginSchema,
    OfficerSchema,
    OneTimePasswordSchema,
    PasswordChangeSchema,
    PhoneBindSchema,
    PhoneBoundSchema,
    StationChangeSchema,
    UserSchema,
    WeChatCodeSchema,
)
from app.errors import DomainError
from app.membership.services import membership_summary
from app.transaction import committed

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="微信登录")
me_blp = Blueprint("me", __name__, url_prefix="/api/v1/me", description="我的信息")
admin_blp = Blueprint("admin_auth", __name__, url_prefix="/api/v1/admin/auth", description="工作人员登录")
officers_blp = Blueprint("admin_officers", __name__, url_prefix="/api/v1/admin/officers", description="工作人员账号")


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
    @blp.arguments(PhoneBindSchema)
    @blp.response(200, PhoneBoundSchema)
    @blp.alt_response(502, response="BAD_GATEWAY")
    def post(self, args):
        """用 getPhoneNumber 的 code 绑定手机号；fill_form 时把完整号码返回给本人，用于填表。"""
        return committed(services.bind_phone(current_worker(), args["code"], args["fill_form"]))


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
    decorators = [officer_changing_password]

    @admin_blp.response(200, OfficerSchema)
    def get(self):
        """当前登录的工作人员（须改密码时也可读取，见 password_change_required）。"""
        return current_officer(changing_password=True)


@admin_blp.route("/password")
class OfficerPassword(MethodView):
    decorators = [officer_changing_password]

    @admin_blp.arguments(PasswordChangeSchema)
    @admin_blp.response(200, OfficerLoginResultSchema)
    def post(self, args):
        """修改自己的密码（至少10位、不能是常见密码）；旧令牌随之失效，返回新令牌。"""
        officer = accounts.change_password(current_officer(changing_password=True), args["current_password"],
                                           args["new_password"])
        token, expires_at = services.issue_officer_token(officer)
        return committed({"token": token, "expires_at": expires_at, "officer": officer})


@officers_blp.route("")
class Officers(MethodView):
    @officer_required(roles.CITY)
    @officers_blp.arguments(OfficerCreateSchema)
    @officers_blp.response(201, OfficerSchema)
    def post(self, args):
        """市总管理员新建账号；初始密码须在首次登录时修改。"""
        return committed(services.create_officer(args.pop("username"), args.pop("password"), args.pop("role"),
                                                 args.pop("org_id"), actor=current_officer(), **args))


@officers_blp.route("/<int:officer_id>/password-reset")
class OfficerPasswordReset(MethodView):
    @officer_required(roles.OFFICE)
    @officers_blp.response(200, OneTimePasswordSchema)
    def post(self, officer_id):
        """把下级账号的密码重置为一次性密码（只显示这一次）；该账号的登录全部失效。"""
        actor = current_officer()
        target = accounts.get_managed_officer(actor, officer_id)
        password = accounts.reset_password(target, actor=actor)
        return committed({"officer": target, "one_time_password": password})


@officers_blp.route("/<int:officer_id>/station")
class OfficerStation(MethodView):
    @officer_required(roles.OFFICE)
    @officers_blp.arguments(StationChangeSchema)
    @officers_blp.response(200, OfficerSchema)
    def put(self, args, officer_id):
        """更换驿站工作人员绑定的驿站（新的送清凉活动即新的驿站）。"""
        actor = current_officer()
        target = accounts.get_managed_officer(actor, officer_id)
        return committed(accounts.set_officer_station(target, args["station_id"], actor=actor))


blueprints = [blp, me_blp, admin_blp, officers_blp]
