"""HTTP endpoints of the membership domain: thin views over app.membership.services."""
from flask import Response, jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from app.auth import roles
from app.auth.access import current_officer, current_worker, officer_required, worker_required
from app.membership import claims, services
from app.membership import schemas as s
from app.orgs.services import path_names
from app.schemas import PageArgs
from app.transaction import committed

blp = Blueprint("membership", __name__, url_prefix="/api/v1/membership", description="入会与会员关系")
enrollment_blp = Blueprint("enrollment", __name__, url_prefix="/api/v1/enrollment", description="扫码入会")
export_blp = Blueprint("me_export", __name__, url_prefix="/api/v1/me", description="我的信息")
admin_blp = Blueprint("admin_membership", __name__, url_prefix="/api/v1/admin/membership",
                      description="入会审批与会员管理（工作人员）")
points_blp = Blueprint("admin_enrollment_points", __name__, url_prefix="/api/v1/admin/enrollment-points",
                       description="扫码入会点（工作人员）")
reviewer_required = officer_required(roles.OFFICE)


@blp.route("/applications")
class Applications(MethodView):
    decorators = [worker_required]
    @blp.arguments(s.ApplicationInSchema)
    @blp.response(201, s.ApplicationSchema)
    def post(self, args):
        """提交入会申请（在线选择工会、扫码入会点，或进入区县周转库）。"""
        return committed(services.submit_application(current_worker(), args))


@blp.route("/claim")
class ClaimMembership(MethodView):
    decorators = [worker_required]
    @blp.arguments(s.ClaimInSchema)
    @blp.response(200, s.MemberBriefSchema)
    def post(self, args):
        """认领工会批量导入的会员身份：输入本人身份证号，认领后即可在小程序中看到会员卡。"""
        return committed(claims.claim_membership(current_worker(), args["id_number"]))


@blp.route("/applications/mine")
class MyApplications(MethodView):
    decorators = [worker_required]
    @blp.response(200, s.MyApplicationsSchema)
    def get(self):
        """我的入会申请及其办理进度。"""
        return {"items": services.my_applications(current_worker())}


@blp.route("/applications/<int:application_id>")
class MyApplication(MethodView):
    decorators = [worker_required]
    @blp.arguments(s.ApplicationInSchema)
    @blp.response(200, s.ApplicationSchema)
    def put(self, args, application_id):
        """修改被退回的申请并重新提交。"""
        return committed(services.resubmit_application(current_worker(), application_id, args))


@blp.route("/transfers")
class Transfers(MethodView):
    decorators = [worker_required]
    @blp.arguments(s.TransferInSchema)
    @blp.response(201, s.TransferSchema)
    def post(self, args):
        """申请转移会员关系到另一个基层工会。"""
        return committed(services.request_transfer(current_worker(), args["to_org_id"], args["reason"]))


@blp.route("/transfers/mine")
class MyTransfers(MethodView):
    decorators = [worker_required]
    @blp.response(200, s.TransferListSchema)
    def get(self):
        """我的转会申请。"""
        return {"items": services.my_transfers(current_worker())}


@enrollment_blp.route("/<scene>")
class Enrollment(MethodView):
    @enrollment_blp.response(200, s.EnrollmentInfoSchema)
    def get(self, scene):
        """入会点二维码指向的工会与入会点。"""
        point = services.get_point_by_scene(scene)
        return {"scene": point.scene, "point": point, "org": point.org, "path_names": path_names(point.org)}


@export_blp.route("/export")
class MyExport(MethodView):
    decorators = [worker_required]
    @export_blp.response(200, s.ExportSchema)
    def get(self):
        """下载本系统保存的我的全部个人信息（JSON）。"""
        export = services.export_my_data(current_worker())
        # Serialised before the commit (which writes the audit entry): a commit expires every row
        # loaded, and dumping after it would read the worker's history back one row at a time.
        return committed(jsonify(s.ExportSchema().dump(export)))


# --- officers --------------------------------------------------------------------------------------

@admin_blp.route("/applications")
class AdminApplications(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.ApplicationListArgs, location="query")
    @admin_blp.response(200, s.ApplicationPageSchema)
    def get(self, args):
        """本组织及下级的入会申请（可按状态、组织、职业、来源、姓名或手机尾号筛选）。"""
        return services.list_applications(current_officer(), **args)


@admin_blp.route("/applications/<int:application_id>")
class AdminApplication(MethodView):
    decorators = [reviewer_required]

    @admin_blp.response(200, s.ApplicationSchema)
    def get(self, application_id):
        """一份入会申请（身份证号已脱敏）。"""
        return services.get_application(current_officer(), application_id)


@admin_blp.route("/applications/<int:application_id>/approve")
class ApproveApplication(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.ApproveSchema, required=False)
    @admin_blp.response(200, s.MemberSchema)
    def post(self, args, application_id):
        """批准入会：生成会员、会员号和会员服务卡。"""
        return committed(services.approve_application(current_officer(), application_id,
                                                       org_id=(args or {}).get("org_id")))


@admin_blp.route("/applications/batch-approve")
class BatchApprove(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.BatchApproveSchema)
    @admin_blp.response(200, s.BatchResultSchema)
    def post(self, args):
        """批量批准入会申请，逐条返回结果。"""
        return committed({"results": services.approve_applications(current_officer(), args["ids"])})


@admin_blp.route("/applications/batch-reject")
class BatchReject(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.BatchRejectSchema)
    @admin_blp.response(200, s.BatchResultSchema)
    def post(self, args):
        """批量退回入会申请（同一原因，职工可见），逐条返回结果。"""
        return committed({"results": services.reject_applications(current_officer(), args["ids"], args["reason"])})


@admin_blp.route("/applications/<int:application_id>/reject")
class RejectApplication(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.ReasonSchema)
    @admin_blp.response(200, s.ApplicationSchema)
    def post(self, args, application_id):
        """退回入会申请（须填写原因）。"""
        return committed(services.reject_application(current_officer(), application_id, args["reason"]))


@admin_blp.route("/applications/<int:application_id>/reassign")
class ReassignApplication(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.ReassignSchema)
    @admin_blp.response(200, s.ApplicationSchema)
    def post(self, args, application_id):
        """把周转库中的申请分配到本区县的一个基层工会。"""
        return committed(services.reassign_application(current_officer(), application_id, args["org_id"],
                                                        args.get("reason")))


def _reveal(target, target_id, reason):
    return committed({"id_number": services.reveal_id_number(current_officer(), target, target_id, reason)})


@admin_blp.route("/applications/<int:application_id>/reveal")
class RevealApplication(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.RevealSchema)
    @admin_blp.response(200, s.RevealedSchema)
    def post(self, args, application_id):
        """查看申请人完整身份证号（须说明理由，记入审计日志）。"""
        return _reveal("application", application_id, args["reason"])


@admin_blp.route("/members")
class AdminMembers(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.MemberListArgs, location="query")
    @admin_blp.response(200, s.MemberPageSchema)
    def get(self, args):
        """本组织及下级的会员。"""
        return services.list_members(current_officer(), **args)


@admin_blp.route("/members/<int:member_id>")
class AdminMember(MethodView):
    decorators = [reviewer_required]

    @admin_blp.response(200, s.MemberSchema)
    def get(self, member_id):
        """一名会员（身份证号已脱敏）。"""
        return services.get_member(current_officer(), member_id)


@admin_blp.route("/members/<int:member_id>/<any(suspend, restore):verb>")
class MemberStatus(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.ReasonSchema)
    @admin_blp.response(200, s.MemberSchema)
    def post(self, args, member_id, verb):
        """暂停或恢复会员资格（须填写原因）。"""
        change = services.suspend_member if verb == "suspend" else services.restore_member
        return committed(change(current_officer(), member_id, args["reason"]))


@admin_blp.route("/members/<int:member_id>/reveal")
class RevealMember(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.RevealSchema)
    @admin_blp.response(200, s.RevealedSchema)
    def post(self, args, member_id):
        """查看会员完整身份证号（须说明理由，记入审计日志）。"""
        return _reveal("member", member_id, args["reason"])


@admin_blp.route("/<any(applications, members):kind>/<int:record_id>/reveal-phone")
class RevealPhone(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.RevealSchema)
    @admin_blp.response(200, s.RevealedPhoneSchema)
    def post(self, args, kind, record_id):
        """查看申请人或会员的完整手机号（须说明理由，记入审计日志）。"""
        target = "application" if kind == "applications" else "member"
        return committed({"phone": services.reveal_phone(current_officer(), target, record_id, args["reason"])})


@admin_blp.route("/transfers")
class AdminTransfers(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.TransferListArgs, location="query")
    @admin_blp.response(200, s.TransferPageSchema)
    def get(self, args):
        """本组织及下级转入和转出的转会申请（direction 可只看一方；由接收方审核）。"""
        return services.list_transfers(current_officer(), **args)


@admin_blp.route("/transfers/<int:transfer_id>/approve")
class ApproveTransfer(MethodView):
    decorators = [reviewer_required]

    @admin_blp.response(200, s.TransferSchema)
    def post(self, transfer_id):
        """接收转入的会员。"""
        return committed(services.approve_transfer(current_officer(), transfer_id))


@admin_blp.route("/transfers/<int:transfer_id>/reject")
class RejectTransfer(MethodView):
    decorators = [reviewer_required]

    @admin_blp.arguments(s.ReasonSchema)
    @admin_blp.response(200, s.TransferSchema)
    def post(self, args, transfer_id):
        """不予接收（须填写原因）。"""
        return committed(services.reject_transfer(current_officer(), transfer_id, args["reason"]))


@admin_blp.route("/figures")
class Figures(MethodView):
    decorators = [reviewer_required]

    @admin_blp.response(200, s.FiguresSchema)
    def get(self):
        """会员发展数据（本组织及下级）。"""
        return services.membership_figures(current_officer())


@points_blp.route("")
class EnrollmentPoints(MethodView):
    decorators = [reviewer_required]

    @points_blp.arguments(s.PointInSchema)
    @points_blp.response(201, s.PointSchema)
    def post(self, args):
        """新建扫码入会点，返回 scene。"""
        return committed(services.create_enrollment_point(current_officer(), **args))

    @points_blp.arguments(PageArgs, location="query")
    @points_blp.response(200, s.PointListSchema)
    def get(self, args):
        """本组织及下级的入会点（新建的在前，分页），及各点带来的申请数和会员数。"""
        return services.list_enrollment_points(current_officer(), **args)


@points_blp.route("/<int:point_id>/poster.png")
class Poster(MethodView):
    decorators = [reviewer_required]

    @points_blp.response(200, content_type="image/png")
    @points_blp.alt_response(502, response="BAD_GATEWAY")
    def get(self, point_id):
        """可打印的入会海报（PNG）：工会名称、入会点与二维码。"""
        return Response(services.render_poster_png(current_officer(), point_id), mimetype="image/png")


blueprints = [blp, enrollment_blp, export_blp, admin_blp, points_blp]
