"""Legal aid for workers: upcoming reception days, booking a lawyer's time, my bookings."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.auth.access import current_worker, worker_required
from app.legal_aid import bookings
from app.legal_aid.schemas import (
    BookingInSchema,
    MyBookingPageSchema,
    MyBookingSchema,
    SessionListArgs,
    WorkerSessionPageSchema,
)
from app.schemas import PageArgs
from app.transaction import committed

blp = Blueprint("legal_aid", __name__, url_prefix="/api/v1/legal-aid", description="法律援助")


@blp.route("/sessions")
class Sessions(MethodView):
    @blp.arguments(SessionListArgs, location="query")
    @blp.response(200, WorkerSessionPageSchema)
    def get(self, args):
        """即将举行的律师接待日，含各时段剩余名额（默认未来 60 天）。"""
        return bookings.list_open_sessions(args.get("date_from"), args.get("date_to"), args["page"],
                                           args["per_page"])


@blp.route("/bookings")
class Bookings(MethodView):
    decorators = [worker_required]
    @blp.arguments(BookingInSchema)
    @blp.response(201, MyBookingSchema)
    def post(self, args):
        """预约律师接待时段（会员与非会员职工均可预约，每个接待日限约一个时段）。"""
        return committed(bookings.book_slot(current_worker(), args))


@blp.route("/bookings/mine")
class MyBookings(MethodView):
    decorators = [worker_required]
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, MyBookingPageSchema)
    def get(self, args):
        """我的法律援助预约。"""
        return bookings.my_bookings(current_worker(), args["page"], args["per_page"])


@blp.route("/bookings/<int:booking_id>/cancel")
class CancelBooking(MethodView):
    decorators = [worker_required]
    @blp.response(200, MyBookingSchema)
    def post(self, booking_id):
        """取消我的预约（预约时间前若干小时内不能在线取消），名额随即释放。"""
        return committed(bookings.cancel_booking(current_worker(), booking_id))


blueprints = [blp]
