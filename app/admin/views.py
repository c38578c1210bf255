"""HTTP endpoints of the admin domain: cross-domain figures and the audit log."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.admin.schemas import AuditArgs, AuditPageSchema
from app.admin.services import dashboard_figures
from app.audit.services import list_audit_entries
from app.auth import roles
from app.auth.access import current_officer, officer_required
from app.reports.schemas import FederationFiguresSchema, FiguresArgs

blp = Blueprint("admin", __name__, url_prefix="/api/v1/admin", description="管理后台：统计与审计")


@blp.route("/stats")
class Stats(MethodView):
    @officer_required(roles.OFFICE)
    @blp.arguments(FiguresArgs, location="query")
    @blp.response(200, FederationFiguresSchema)
    def get(self, args):
        """工作台与统计报表的数字：一个期间（默认本年）、一个组织及其下级（默认本人所属组织）。

        与 /admin 工作台和 /admin/reports 统计报表（含 Excel）同一来源，数字一致。"""
        return dashboard_figures(current_officer(), **args)


@blp.route("/audit")
class Audit(MethodView):
    @officer_required(roles.OFFICE)
    @blp.arguments(AuditArgs, location="query")
    @blp.response(200, AuditPageSchema)
    def get(self, args):
        """审计日志：市总管理员可见全部，其他人员仅见本组织及下级。"""
        return list_audit_entries(current_officer(), **args)


blueprints = [blp]
