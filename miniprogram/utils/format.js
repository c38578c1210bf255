/** Dates, times and distances as a worker reads them. Server times are ISO 8601, Asia/Shanghai. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

const pad = n => (n < 10 ? `0${n}` : `${n}`)

/** Wall-clock parts in Beijing time, whatever time zone the phone is set to. */
function shanghaiParts(value) {
  if (!value) return null
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  const ms = dateOnly ? Date.UTC(+dateOnly[1], +dateOnly[2] - 1, +dateOnly[3])
    : Date.parse(value) + SHANGHAI_OFFSET_MS
  if (Number.isNaN(ms)) return null
  const d = new Date(ms)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: WEEKDAYS[d.getUTCDay()],
  }
}

function formatDate(value) {
  const p = shanghaiParts(value)
  return p ? `${p.year}年${p.month}月${p.day}日` : ''
}

function formatDateWithWeekday(value) {
  const p = shanghaiParts(value)
  return p ? `${p.month}月${p.day}日 周${p.weekday}` : ''
}

function formatTime(value) {
  const p = shanghaiParts(value)
  return p ? `${pad(p.hour)}:${pad(p.minute)}` : ''
}

function formatDateTime(value) {
  const p = shanghaiParts(value)
  return p ? `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}` : ''
}

function formatRange(start, end) {
  if (!start) return ''
  const from = formatDateTime(start)
  if (!end) return from
  return `${from} 至 ${formatDateTime(end)}`
}

/** 'YYYY-MM-DD' in Beijing time, `days` from now (for ?from=&to= filters). */
function isoDateFromNow(days) {
  const p = shanghaiParts(new Date(Date.now() + days * 86400000).toISOString())
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

function formatDistance(meters) {
  if (meters === undefined || meters === null) return ''
  if (meters < 1000) return `${Math.round(meters)}米`
  return `${(meters / 1000).toFixed(1)}公里`
}

module.exports = {
  formatDate,
  formatDateWithWeekday,
  formatTime,
  formatDateTime,
  formatRange,
  formatDistance,
  isoDateFromNow,
}
