/**
 * Client-side checks that mirror the server's, so a worker hears about a typo before submitting.
 * The server stays authoritative: its 422 field messages are shown the same way.
 */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK_CHARS = '10X98765432'
const PHONE_PATTERN = /^1[3-9]\d{9}$/
const DESCRIPTION_MAX = 1000
const TRANSFER_REASON_MAX = 500

/** GB 11643 check character for the first 17 digits. */
function idCheckChar(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]
  return ID_CHECK_CHARS[sum % 11]
}

function isRealDate(year, month, day) {
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day && year >= 1900 && date.getTime() <= Date.now()
}

function normalizeIdNumber(value) {
  return String(value || '').trim().toUpperCase()
}

/** Chinese message for what is wrong with an 18-digit resident ID number, or '' when it is fine. */
function idNumberError(value) {
  const id = normalizeIdNumber(value)
  if (!id) return '请填写身份证号码'
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号码应为18位，最后一位可以是数字或X'
  if (!isRealDate(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)))) {
    return '身份证号码中的出生日期不正确'
  }
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return '身份证号码校验位错误，请核对'
  return ''
}

function phoneError(value) {
  const phone = String(value || '').trim()
  if (!phone) return '请填写手机号码'
  return PHONE_PATTERN.test(phone) ? '' : '请填写正确的11位手机号码'
}

function isBlank(value) {
  return value === undefined || value === null || String(value).trim() === ''
}

/** Keep only the fields that have a message. */
function compact(errors) {
  return Object.keys(errors).reduce((kept, key) => {
    if (errors[key]) kept[key] = errors[key]
    return kept
  }, {})
}

function lengthOf(value) {
  return Array.from(String(value || '').trim()).length
}

/**
 * Field → message for a membership application body (see DESIGN.md "Application fields").
 * Ethnicity, education, political status and household type are optional, as on the server.
 */
function applicationErrors(body) {
  const nameLength = lengthOf(body.name)
  const errors = {
    name: !nameLength ? '请填写姓名' : (nameLength < 2 || nameLength > 30 ? '姓名应为2到30个字' : ''),
    id_number: idNumberError(body.id_number),
    phone: phoneError(body.phone),
    occupation: isBlank(body.occupation) ? '请选择职业' : '',
    employer: isBlank(body.employer) ? '请填写工作单位或平台'
      : (lengthOf(body.employer) > 100 ? '工作单位不能超过100个字' : ''),
  }
  const unionChoices = ['org_id', 'scene', 'district_org_id'].filter(key => !isBlank(body[key]))
  if (unionChoices.length !== 1) errors.union = '请选择要加入的工会'
  if (isBlank(body.consent_version)) errors.consent = '请阅读并同意《个人敏感信息处理告知书》'
  return compact(errors)
}

/** contact_phone may be left out: the server then uses the phone bound to the WeChat account. */
function bookingErrors(body) {
  const workers = Number(body.workers_involved)
  const description = String(body.description || '').trim()
  return compact({
    case_type: isBlank(body.case_type) ? '请选择案件类型' : '',
    description: !description ? '请简要描述您遇到的问题'
      : lengthOf(description) > DESCRIPTION_MAX ? `问题描述不能超过${DESCRIPTION_MAX}字` : '',
    contact_phone: isBlank(body.contact_phone) ? '' : phoneError(body.contact_phone),
    workers_involved: Number.isInteger(workers) && workers >= 1 && workers <= 10000
      ? '' : '涉及人数应为1到10000之间的整数',
  })
}

function transferErrors(body) {
  return compact({
    to_org_id: isBlank(body.to_org_id) ? '请选择转入的工会' : '',
    reason: isBlank(body.reason) ? '请填写转接原因'
      : (lengthOf(body.reason) > TRANSFER_REASON_MAX ? `转接原因不能超过${TRANSFER_REASON_MAX}字` : ''),
  })
}

module.exports = {
  idCheckChar,
  idNumberError,
  normalizeIdNumber,
  phoneError,
  applicationErrors,
  bookingErrors,
  transferErrors,
  DESCRIPTION_MAX,
  TRANSFER_REASON_MAX,
}
