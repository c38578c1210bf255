"""Legal aid for officers and lawyers: lawyers, reception days, rosters, outcomes, figures."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.auth.access import current_officer, officer_signed_in
from app.legal_aid import casework, services, stats
from app.legal_aid.schemas import (
    AdminSessionListArgs,
    BookingPhoneSchema,
    CancelSessionSchema,
    CapacitySchema,
    LawyerInSchema,
    LawyerListArgs,
    LawyerPageSchema,
    LawyerSchema,
    LawyerUpdateSchema,
    OutcomeInSchema,
    PhoneRevealInSchema,
    RecurringResultSchema,
    RecurringSessionInSchema,
    RosterEntrySchema,
    RosterSchema,
    SessionInSchema,
    SessionPageSchema,
    SessionSchema,
    SlotSchema,
    StatsArgs,
    StatsSchema,
)
from app.transaction import committed

blp = Blueprint("admin_legal_aid", __name__, url_prefix="/api/v1/admin/legal-aid", description="法律援助（工作人员）")


@blp.route("/lawyers")
class Lawyers(MethodView):
    decorators = [officer_signed_in]
    @blp.arguments(LawyerListArgs, location="query")
    @blp.response(200, LawyerPageSchema)
    def get(self, args):
        """志愿律师名册。"""
        return services.list_lawyers(current_officer(), args.get("active"), args["page"], args["per_page"])

    @blp.arguments(LawyerInSchema)
    @blp.response(201, LawyerSchema)
    def post(self, args):
        """添加志愿律师，可绑定角色为“志愿律师”的工作人员账号。"""
        return committed(services.create_lawyer(current_officer(), args))


@blp.route("/lawyers/<int:lawyer_id>")
class LawyerItem(MethodView):
    decorators = [officer_signed_in]
    @blp.arguments(LawyerUpdateSchema)
    @blp.response(200, LawyerSchema)
    def patch(self, args, lawyer_id):
        """修改志愿律师信息（含停用）。"""
        return committed(services.update_lawyer(current_officer(), lawyer_id, args))


@blp.route("/sessions")
class Sessions(MethodView):
    decorators = [officer_signed_in]
    @blp.arguments(AdminSessionListArgs, location="query")
    @blp.response(200, SessionPageSchema)
    def get(self, args):
        """本组织范围内的律师接待日（律师只看到自己接待的）。"""
        return services.list_sessions(current_officer(), args.get("date_from"), args.get("date_to"),
                                      args.get("org_id"), args["page"], args["per_page"])

    @blp.arguments(SessionInSchema)
    @blp.response(201, SessionSchema)
    def post(self, args):
        """创建一个接待日及其时段（列出时段，或给出时段长度自动均分）。"""
        return committed(services.create_session(current_officer(), args))


@blp.route("/sessions/recurring")
class RecurringSessions(MethodView):
    decorators = [officer_signed_in]
    @blp.arguments(RecurringSessionInSchema)
    @blp.response(201, RecurringResultSchema)
    def post(self, args):
        """按规律批量创建接待日，如未来 N 个月每月第 2、4 个星期四；已有的日期跳过。"""
        return committed(services.create_recurring_sessions(current_officer(), args))


@blp.route("/sessions/<int:session_id>")
class SessionItem(MethodView):
    decorators = [officer_signed_in]
    @blp.response(200, SessionSchema)
    def get(self, session_id):
        """一个接待日及其时段。"""
        return services.get_session(current_officer(), session_id, with_slots=True)


@blp.route("/sessions/<int:session_id>/cancel")
class CancelSession(MethodView):
    decorators = [officer_signed_in]
    @blp.arguments(CancelSessionSchema)
    @blp.response(200, SessionSchema)
    def post(self, args, session_id):
        """取消整个接待日：其预约一并取消，并通知预约的职工。"""
        return committed(services.cancel_session(current_officer(), session_id, args["reason"]))


@blp.route("/sessions/<int:session_id>/roster")
class Roster(MethodView):
    decorators = [officer_signed_in]
    @blp.response(200, RosterSchema)
    def get(self, session_id):
        """接待日预约名单（电话已脱敏；律师只看到自己的时段与未指定律师的时段）。"""
        return casework.session_roster(current_officer(), session_id)


@blp.route("/slots/<int:slot_id>")
class SlotItem(MethodView):
    decorators = [officer_signed_in]
    @blp.arguments(CapacitySchema)
    @blp.response(200, SlotSchema)
    def patch(self, args, slot_id):
        """修改时段容量；不能少于已预约人数。"""
        return committed(services.update_slot_capacity(current_officer(), slot_id, args["capacity"]))


@blp.route("/bookings/<int:booking_id>/check-in")
class CheckIn(MethodView):
    decorators = [officer_signed_in]
    @blp.response(200, RosterEntrySchema)
    def post(self, booking_id):
        """职工到场签到。"""
        return committed(casework.check_in_booking(current_officer(), booking_id))


@blp.route("/bookings/<int:booking_id>/no-show")
class NoShow(MethodView):
    decorators = [officer_signed_in]
    @blp.response(200, RosterEntrySchema)
    def post(self, booking_id):
        """标记职工未到场（时段开始后）。"""
        return committed(casework.mark_no_show(current_officer(), booking_id))


@blp.route("/bookings/<int:booking_id>/outcome")
class Outcome(MethodView):
    decorators = [officer_signed_in]
    @blp.arguments(OutcomeInSchema)
    @blp.response(200, RosterEntrySchema)
    def post(self, args, booking_id):
        """登记办理结果：结果类型、挽回金额（元）、涉及职工人数、备注；再次提交即更正。"""
        return committed(casework.record_outcome(current_officer(), booking_id, args))


@blp.route("/bookings/<int:booking_id>/reveal-phone")
class RevealPhone(MethodView):
    decorators = [officer_signed_in]
    @blp.arguments(PhoneRevealInSchema)
    @blp.response(200, BookingPhoneSchema)
    def post(self, args, booking_id):
        """查看预约职工的完整电话（本会工作人员或该时段的律师；须说明理由，记入审计日志）。"""
        return committed({"phone": casework.reveal_booking_phone(current_officer(), booking_id, args["reason"])})


@blp.route("/stats")
class Stats(MethodView):
    decorators = [officer_signed_in]
    @blp.arguments(StatsArgs, location="query")
    @blp.response(200, StatsSchema)
    def get(self, args):
        """法律援助统计：案件数、涉及职工人次、挽回经济损失，按案件类型与办理结果分列。"""
        return stats.legal_aid_stats(current_officer(), args.get("date_from"), args.get("date_to"),
                                     args.get("org_id"))


blueprints = [blp]
