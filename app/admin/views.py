"""HTTP endpoints of the admin domain: cross-domain figures and the audit log."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.admin.schemas import AuditArgs, AuditPageSchema, DashboardSchema
from app.admin.services import dashboard_figures
from app.audit.services import list_audit_entries
from app.auth import roles
from app.auth.access import current_officer, officer_required

blp = Blueprint("admin", __name__, url_prefix="/api/v1/admin", description="管理后台：统计与审计")


@blp.route("/stats")
class Stats(MethodView):
    @officer_required(roles.OFFICE)
    @blp.response(200, DashboardSchema)
    def get(self):
        """工作台统计：入会、会员、法律援助、送清凉，均限本组织及下级。"""
        return dashboard_figures(current_officer())


@blp.route("/audit")
class Audit(MethodView):
    @officer_required(roles.OFFICE)
    @blp.arguments(AuditArgs, location="query")
    @blp.response(200, AuditPageSchema)
    def get(self, args):
        """审计日志：市总管理员可见全部，其他人员仅见本组织及下级。"""
        return list_audit_entries(current_officer(), **args)


blueprints = [blp]
