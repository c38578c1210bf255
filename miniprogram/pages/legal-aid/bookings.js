/** 我的预约: legal-aid bookings with their time, lawyer and place; a booked one can be cancelled. */
const api = require('../../utils/api')
const { listPage } = require('../../utils/behaviors')
const { confirmThenRun, toast, navigateTo } = require('../../utils/page')
const { formatDateWithWeekday, formatTime } = require('../../utils/format')
const { labelOf } = require('../../utils/labels')

const STATUS_TAG = { booked: 'tag tag-ok', cancelled: 'tag', checked_in: 'tag tag-ok', completed: 'tag', no_show: 'tag tag-bad' }

function bookingView(booking) {
  const session = booking.session || {}
  const startsAt = booking.slot_starts_at || (booking.slot && booking.slot.starts_at)
  const lawyer = (booking.lawyer && booking.lawyer.name) || ''
  return Object.assign({}, booking, {
    when: `${formatDateWithWeekday(session.date || startsAt)} ${formatTime(startsAt)}`,
    lawyer: lawyer ? `${lawyer}律师` : '值班律师',
    place: session.place || (session.online_url || session.is_online ? '线上咨询' : ''),
    caseTypeLabel: booking.case_type_label || labelOf('case_type', booking.case_type),
    statusLabel: booking.status_label || labelOf('booking_status', booking.status),
    statusTag: STATUS_TAG[booking.status] || 'tag',
    // Cancelled by the union (the whole reception day): say why.
    cancelReason: booking.status === 'cancelled' && session.status === 'cancelled' ? (session.cancel_reason || '') : '',
    // The server knows the cancellation deadline; without its word, only a booked one may be.
    cancellable: typeof booking.can_cancel === 'boolean' ? booking.can_cancel : booking.status === 'booked',
  })
}

Component({
  behaviors: [listPage({ path: '/legal-aid/bookings/mine', toView: bookingView })],
  data: { busyId: 0 },
  methods: {
    async cancel(e) {
      const id = e.currentTarget.dataset.id
      const cancelled = await confirmThenRun(this, id, '取消后该时段将释放给其他职工，确定取消预约吗？', '取消预约',
        () => api.post(`/legal-aid/bookings/${id}/cancel`))
      if (!cancelled) return
      toast('已取消预约', 'success')
      await this.reload()
    },
    openSessions() {
      navigateTo('/pages/legal-aid/sessions')
    },
  },
})
