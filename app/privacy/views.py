"""HTTP endpoints of the privacy domain: the worker's deletion request and consent, the officers' erasure."""
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from app.auth import roles
from app.auth.access import current_officer, current_worker, officer_required, worker_required
from app.privacy import schemas as s
from app.privacy import services
from app.transaction import committed

me_blp = Blueprint("me_privacy", __name__, url_prefix="/api/v1/me", description="我的信息")
consent_blp = Blueprint("consent_texts", __name__, url_prefix="/api/v1/consent-texts", description="个人信息处理告知书")
admin_blp = Blueprint("admin_privacy", __name__, url_prefix="/api/v1/admin/privacy",
                      description="注销申请（工作人员）")


@me_blp.route("/deletion-request")
class MyDeletionRequest(MethodView):
    decorators = [worker_required]

    @me_blp.response(200, s.MyDeletionRequestSchema)
    def get(self):
        """我的注销申请及办理状态。"""
        return {"request": services.my_deletion_request(current_worker()),
                "erasure_days": current_app.config["PRIVACY_ERASURE_DAYS"]}

    @me_blp.arguments(s.DeletionRequestInSchema)
    @me_blp.response(201, s.DeletionRequestSchema)
    def post(self, args):
        """申请注销：退会、取消未来的预约和报名，并在规定期限内删除个人信息。"""
        return committed(services.request_deletion(current_worker(), args["reason"]))


@consent_blp.route("/<version>")
class ConsentTextItem(MethodView):
    @consent_blp.response(200, s.ConsentTextSchema)
    def get(self, version):
        """某一版本告知书的全文（入会前阅读，或事后查看当时同意的内容）。"""
        return services.get_consent_text(version)


@me_blp.route("/consents")
class MyConsents(MethodView):
    decorators = [worker_required]

    @me_blp.response(200, s.MyConsentsSchema)
    def get(self):
        """我同意过的告知书：每份入会申请的版本、同意时间和全文。"""
        return {"items": services.my_consents(current_worker())}


@me_blp.route("/consent/withdraw")
class WithdrawConsent(MethodView):
    decorators = [worker_required]

    @me_blp.arguments(s.ConsentWithdrawInSchema)
    @me_blp.response(200, s.ConsentWithdrawnSchema)
    def post(self, args):
        """撤回对身份证号等敏感个人信息的同意：立即删除身份证号，会员关系随之终止。"""
        return committed(services.withdraw_consent(current_worker()))


@admin_blp.route("/deletion-requests")
class DeletionRequests(MethodView):
    decorators = [officer_required(roles.OFFICE)]

    @admin_blp.arguments(s.DeletionListArgs, location="query")
    @admin_blp.response(200, s.AdminDeletionRequestPageSchema)
    def get(self, args):
        """职工的注销申请：市总管理员看全部；其他管理员看会员关系或入会申请在本级及下级工会的职工的申请。"""
        return services.list_deletion_requests(current_officer(), **args)


@admin_blp.route("/deletion-requests/<int:request_id>/erase")
class EraseNow(MethodView):
    decorators = [officer_required(roles.CITY)]

    @admin_blp.response(200, s.AdminDeletionRequestSchema)
    def post(self, request_id):
        """提前办理注销（市总管理员）。"""
        return committed(services.erase_now(current_officer(), request_id))


blueprints = [me_blp, consent_blp, admin_blp]
