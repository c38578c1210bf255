/** 法律援助: upcoming lawyer reception days and their time slots with places left. */
const { listPage } = require('../../utils/behaviors')
const { toast, navigateTo } = require('../../utils/page')
const { formatDateWithWeekday, formatTime, isoDateFromNow } = require('../../utils/format')
const { labelOf } = require('../../utils/labels')

const DAYS_AHEAD = 30
const CLOSED_STATUSES = ['cancelled']

function lawyerName(slot) {
  return (slot.lawyer && slot.lawyer.name) || ''
}

function slotView(slot, sessionOpen) {
  const full = slot.places_left <= 0
  // The server may also say a slot with places is not bookable (e.g. it has already started).
  const bookable = sessionOpen && !full && slot.bookable !== false
  return Object.assign({}, slot, {
    time: formatTime(slot.starts_at),
    lawyer: lawyerName(slot) ? `${lawyerName(slot)}律师` : '值班律师',
    full,
    bookable,
    placesLabel: full ? '已约满' : (bookable ? `剩余${slot.places_left}个` : '不可预约'),
  })
}

function sessionView(session) {
  const open = CLOSED_STATUSES.indexOf(session.status) === -1
  return Object.assign({}, session, {
    dateLabel: formatDateWithWeekday(session.date || session.starts_at),
    timeRange: `${formatTime(session.starts_at)}-${formatTime(session.ends_at)}`,
    orgName: session.org ? session.org.name : '',
    open,
    statusLabel: open ? '' : labelOf('session_status', session.status),
    slots: (session.slots || []).map(slot => slotView(slot, open)),
  })
}

Component({
  behaviors: [listPage({
    path: '/legal-aid/sessions',
    params: () => ({ from: isoDateFromNow(0), to: isoDateFromNow(DAYS_AHEAD) }),
    toView: sessionView,
  })],
  methods: {
    chooseSlot(e) {
      const { sessionId, slotId } = e.currentTarget.dataset
      const session = this.data.items.find(s => s.id === sessionId)
      const slot = session && session.slots.find(s => s.id === slotId)
      if (!slot) return
      if (!slot.bookable) {
        toast(slot.full ? '该时段已约满，请选择其他时段' : '该接待日不可预约')
        return
      }
      const where = session.place || '线上咨询'
      const summary = `${session.dateLabel} ${slot.time} · ${slot.lawyer} · ${where}`
      navigateTo(`/pages/legal-aid/book?slot_id=${slot.id}&summary=${encodeURIComponent(summary)}`)
    },
    openBookings() {
      navigateTo('/pages/legal-aid/bookings')
    },
  },
})
