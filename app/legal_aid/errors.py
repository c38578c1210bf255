"""Domain errors of legal aid: sessions, slots, lawyers and bookings (stable codes, Chinese messages)."""
from app.errors import Conflict, NotFound


class SessionNotFound(NotFound):
    code, message = "legal_aid_session_not_found", "未找到该接待日"


class SlotNotFound(NotFound):
    code, message = "legal_aid_slot_not_found", "未找到该预约时段"


class LawyerNotFound(NotFound):
    code, message = "lawyer_not_found", "未找到该律师"


class BookingNotFound(NotFound):
    code, message = "legal_aid_booking_not_found", "未找到该预约"


class SessionCancelled(Conflict):
    code, message = "session_cancelled", "该接待日已取消"


class CapacityBelowBookings(Conflict):
    code, message = "capacity_below_bookings", "容量不能少于已预约人数"


class SlotFull(Conflict):
    code, message = "slot_full", "该时段已约满，请选择其他时段"


class AlreadyBooked(Conflict):
    code, message = "already_booked_in_session", "您在该接待日已有预约，每个接待日只能预约一个时段"


class SlotNotBookable(Conflict):
    code, message = "slot_not_bookable", "该时段已开始或已取消，不能预约"


class BookingNotCancellable(Conflict):
    code, message = "booking_not_cancellable", "该预约已取消或已办理，不能取消"


class CancelTooLate(Conflict):
    code = "cancel_too_late"


class BookingStateConflict(Conflict):
    code = "booking_state_conflict"


class TooManyActiveBookings(Conflict):
    code, message = "too_many_active_bookings", "您待办理的预约已达上限，请办理或取消后再预约"


class TooManyCancellations(Conflict):
    code, message = "too_many_cancellations", "您当天的预约取消次数过多，请选择其他接待日"
