/** Chinese labels for the API's codes, and the option lists the forms offer. */
const OCCUPATIONS = [
  { value: 'courier', label: '快递员' },
  { value: 'food_delivery', label: '外卖配送员' },
  { value: 'truck_driver', label: '货车司机' },
  { value: 'ride_hailing', label: '网约车司机' },
  { value: 'domestic_worker', label: '家政服务员' },
  { value: 'caregiver', label: '护工' },
  { value: 'security_guard', label: '保安员' },
  { value: 'property_agent', label: '房产中介' },
  { value: 'retail_promoter', label: '商场信息员/促销员' },
  { value: 'other', label: '其他' },
]

const CASE_TYPES = [
  { value: 'wage_arrears', label: '拖欠工资' },
  { value: 'work_injury', label: '工伤' },
  { value: 'labor_contract', label: '劳动合同' },
  { value: 'social_insurance', label: '社会保险' },
  { value: 'labor_relation', label: '劳动关系确认' },
  { value: 'other', label: '其他' },
]

// Stored as the Chinese name itself: the labels on the national forms are the canonical values.
const ETHNICITIES = ['汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族',
  '朝鲜族', '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族',
  '塔塔尔族', '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族', '其他']
  .map(name => ({ value: name, label: name }))

const EDUCATION = ['小学及以下', '初中', '高中', '中专/技校', '大专', '本科', '研究生及以上']
  .map(name => ({ value: name, label: name }))

const POLITICAL_STATUS = ['群众', '共青团员', '中共预备党员', '中共党员', '民主党派', '无党派人士']
  .map(name => ({ value: name, label: name }))

const HOUSEHOLD_TYPES = [
  { value: 'urban', label: '城镇户籍' },
  { value: 'rural', label: '农村户籍' },
]

const MEMBERSHIP_STATUS = { none: '未入会', pending: '入会审核中', rejected: '入会申请未通过', member: '工会会员' }
const APPLICATION_STATUS = { pending: '审核中', approved: '已通过', rejected: '未通过' }
const TIMELINE_EVENTS = {
  submitted: '提交申请',
  resubmitted: '修改后重新提交',
  approved: '审核通过',
  rejected: '审核未通过',
  reassigned: '转交其他工会办理',
}
const CARD_STATUS = { active: '正常', transferred_out: '已转出', suspended: '已暂停' }
const SESSION_STATUS = { scheduled: '可预约', cancelled: '已取消' }
const BOOKING_STATUS = {
  booked: '已预约',
  cancelled: '已取消',
  checked_in: '已签到',
  completed: '已办结',
  no_show: '未到场',
}
const SIGNUP_STATUS = { signed_up: '待领取', picked_up: '已领取', cancelled: '已取消' }

/** Label for a code from a map or an option list; unknown codes are shown as they are. */
function labelOf(source, value) {
  if (Array.isArray(source)) {
    const option = source.find(item => item.value === value)
    return option ? option.label : (value || '')
  }
  return source[value] || value || ''
}

module.exports = {
  OCCUPATIONS,
  CASE_TYPES,
  ETHNICITIES,
  EDUCATION,
  POLITICAL_STATUS,
  HOUSEHOLD_TYPES,
  MEMBERSHIP_STATUS,
  APPLICATION_STATUS,
  TIMELINE_EVENTS,
  CARD_STATUS,
  SESSION_STATUS,
  BOOKING_STATUS,
  SIGNUP_STATUS,
  labelOf,
}
