/**
 * 我的全部数据 (GET /me/export) in words: one section per kind of record, each record one block of
 * "label：value" lines, with the server's labels for codes. ID number and phone stay masked on the
 * screen (the copy to the clipboard holds them in full).
 */
const labels = require('./labels')
const { formatDate, formatDateTime } = require('./format')

const line = (label, value) => (value === null || value === undefined || value === '' ? null : `${label}：${value}`)
const block = lines => lines.filter(Boolean)

function accountBlock(user) {
  return block([line('微信昵称', user.nickname), line('手机号', user.phone_masked), line('注册时间', formatDateTime(user.created_at)),
    line('最近登录', user.last_login_at ? formatDateTime(user.last_login_at) : '')])
}

function applicationBlock(application) {
  return block([line('工会', application.org && application.org.name),
    line('状态', labels.labelOf('application_status', application.status)), line('姓名', application.name),
    line('身份证号', application.id_number_masked), line('手机号', application.phone_masked),
    line('工作单位', application.employer), line('职业', application.occupation_label),
    line('提交时间', formatDateTime(application.submitted_at)), line('退回原因', application.reject_reason)])
}

function memberBlock(member) {
  return block([line('会员号', member.member_no), line('工会', member.org && member.org.name),
    line('状态', labels.labelOf('member_status', member.status)), line('入会日期', formatDate(member.joined_at))])
}

function transferBlock(transfer) {
  return block([line('转出', transfer.from_org && transfer.from_org.name), line('转入', transfer.to_org && transfer.to_org.name),
    line('状态', labels.labelOf('transfer_status', transfer.status)), line('申请时间', formatDateTime(transfer.requested_at))])
}

function bookingBlock(booking) {
  return block([line('接待日', booking.session_date), line('地点', booking.place), line('案件类型', booking.case_type_label),
    line('状态', labels.labelOf('booking_status', booking.status)), line('问题描述', booking.description),
    line('处理结果', booking.outcome_label)])
}

function signupBlock(signup) {
  return block([line('活动', signup.campaign), line('驿站', signup.station), line('领取码', signup.short_code),
    line('状态', labels.labelOf('signup_status', signup.status)), line('报名时间', formatDateTime(signup.created_at))])
}

/** [{ title, blocks: [[line, …], …] }] for the sections that hold anything. */
function exportSections(data) {
  const sections = [
    { title: '账号', blocks: data.user ? [accountBlock(data.user)] : [] },
    { title: '入会申请', blocks: (data.applications || []).map(applicationBlock) },
    { title: '会员', blocks: data.member ? [memberBlock(data.member)] : [] },
    { title: '会员关系转接', blocks: (data.transfers || []).map(transferBlock) },
    { title: '法律援助预约', blocks: (data.legal_aid || []).map(bookingBlock) },
    { title: '清凉包报名', blocks: (data.campaigns || []).map(signupBlock) },
  ]
  return sections.filter(section => section.blocks.length)
}

module.exports = { exportSections }
