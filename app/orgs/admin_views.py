"""Managing the union tree through the JSON API (/api/v1/admin/orgs): the same services as the screen."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.auth import roles
from app.auth.access import current_officer, officer_required
from app.orgs import management, pickers
from app.orgs.schemas import (
    ManagedOrgArgs,
    OrgCreateSchema,
    OrgDeactivateSchema,
    OrgMoveSchema,
    OrgPickArgs,
    OrgPickSchema,
    OrgSchema,
    OrgUpdateSchema,
)
from app.schemas import page_of
from app.transaction import committed

blp = Blueprint("admin_orgs", __name__, url_prefix="/api/v1/admin/orgs", description="工会组织管理")


@blp.route("")
class ManagedOrgs(MethodView):
    @officer_required(roles.OFFICE)
    @blp.arguments(ManagedOrgArgs, location="query")
    @blp.response(200, page_of(OrgSchema, "ManagedOrgPageSchema"))
    def get(self, args):
        """本人管辖范围内的组织，可按名称或组织代码查找。"""
        return management.list_managed_orgs(current_officer(), **args)

    @officer_required(roles.OFFICE)
    @blp.arguments(OrgCreateSchema)
    @blp.response(201, OrgSchema)
    def post(self, args):
        """在管辖范围内新建组织。"""
        return committed(management.add_org(current_officer(), args))


@blp.route("/pick")
class OrgPicker(MethodView):
    @officer_required(roles.ALL_ROLES)
    @blp.arguments(OrgPickArgs, location="query")
    @blp.response(200, OrgPickSchema(many=True))
    def get(self, args):
        """选择组织时边输边查（名称或组织代码，限本人管辖范围）。"""
        return pickers.pick_orgs(current_officer(), **args)


@blp.route("/<int:org_id>")
class ManagedOrg(MethodView):
    @officer_required(roles.OFFICE)
    @blp.response(200, OrgSchema)
    def get(self, org_id):
        """管辖范围内的一个组织。"""
        return management.get_managed_org(current_officer(), org_id)

    @officer_required(roles.OFFICE)
    @blp.arguments(OrgUpdateSchema)
    @blp.response(200, OrgSchema)
    def patch(self, args, org_id):
        """修改组织名称、代码与联系信息。"""
        return committed(management.edit_org(current_officer(), org_id, args))


@blp.route("/<int:org_id>/move")
class OrgMove(MethodView):
    @officer_required(roles.OFFICE)
    @blp.arguments(OrgMoveSchema)
    @blp.response(200, OrgSchema)
    def post(self, args, org_id):
        """调整上级组织（整棵下级一并移动）。"""
        return committed(management.move_org(current_officer(), org_id, args["parent_id"]))


@blp.route("/<int:org_id>/deactivate")
class OrgDeactivate(MethodView):
    @officer_required(roles.OFFICE)
    @blp.arguments(OrgDeactivateSchema)
    @blp.response(200, OrgSchema)
    def post(self, args, org_id):
        """停用组织；仍有在册会员、待审申请、进行中的活动或未来接待日时拒绝并说明原因。"""
        return committed(management.deactivate_org(current_officer(), org_id, args.get("reason")))


@blp.route("/<int:org_id>/reactivate")
class OrgReactivate(MethodView):
    @officer_required(roles.OFFICE)
    @blp.response(200, OrgSchema)
    def post(self, org_id):
        """重新启用已停用的组织。"""
        return committed(management.reactivate_org(current_officer(), org_id))


blueprints = [blp]
