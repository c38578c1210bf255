"""Staff mode's binding: an officer gets a one-time code, the staff member's WeChat user binds with
it; either side unbinds. What staff then do lives with the domains (cards, campaigns)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.auth import staff
from app.auth.access import current_officer, current_worker, officer_signed_in, worker_required
from app.auth.schemas import BindCodeSchema, StaffBindingSchema, StaffBindSchema
from app.errors import DomainError
from app.transaction import committed

blp = Blueprint("staff_binding", __name__, url_prefix="/api/v1/staff", description="工作人员模式：绑定微信")
admin_blp = Blueprint("admin_staff_binding", __name__, url_prefix="/api/v1/admin/staff",
                      description="工作人员账号绑定微信")


@admin_blp.route("/bind-codes")
class BindCodes(MethodView):
    decorators = [officer_signed_in]
    @admin_blp.response(201, BindCodeSchema)
    def post(self):
        """为本人账号获取一次性6位绑定码（10分钟内有效），在小程序中输入即可开启工作人员模式。"""
        return committed(staff.issue_bind_code(current_officer()))


@admin_blp.route("/unbind")
class OfficerUnbind(MethodView):
    decorators = [officer_signed_in]
    @admin_blp.response(200, StaffBindingSchema)
    def post(self):
        """解除本人账号与微信的绑定。"""
        return committed(staff.unbind_my_account(current_officer()))


@blp.route("/bind")
class StaffBind(MethodView):
    decorators = [worker_required]
    @blp.arguments(StaffBindSchema)
    @blp.response(200, StaffBindingSchema)
    def post(self, args):
        """输入工作人员账号获取的绑定码，把本微信绑定到该账号。"""
        try:
            officer = staff.bind_staff(current_worker(), args["code"])
        except DomainError:
            committed(None)  # a wrong code still counts towards the wait
            raise
        return committed(officer)


@blp.route("/unbind")
class StaffUnbind(MethodView):
    decorators = [worker_required]
    @blp.response(200, StaffBindingSchema)
    def post(self):
        """本微信解除与工作人员账号的绑定。"""
        return committed(staff.unbind_my_wechat(current_worker()))

    @blp.response(200, StaffBindingSchema)
    def delete(self):
        """本微信解除与工作人员账号的绑定（同 POST）。"""
        return committed(staff.unbind_my_wechat(current_worker()))


blueprints = [blp, admin_blp]
