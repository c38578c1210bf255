/** The separate-consent notice (单独同意) for sensitive personal data shown on the join form. */
const CONSENT_VERSION = '2026-01'

const CONSENT_TITLE = '个人敏感信息处理告知书'

const CONSENT_PARAGRAPHS = [
  '为办理入会、发放会员服务卡和提供会员服务，本工会需要处理您的以下个人信息：姓名、身份证号码、手机号码、民族、政治面貌、文化程度、户籍类型、职业和工作单位。其中身份证号码、民族、政治面貌属于敏感个人信息。',
  '身份证号码用于核实身份、防止重复入会，加密存储，页面中仅显示部分号码；查看完整号码的每一次操作都会被记录。',
  '您的信息仅由受理您申请的工会及其上级工会在办理会员业务时使用，不会向其他单位或个人提供，法律法规另有规定的除外。',
  '您可以随时查阅、复制您的个人信息，也可以申请更正或删除。会员关系终止后，我们将在法律法规要求的期限届满后删除相关信息。',
  '不同意本告知书将无法在线办理入会，您可以到所在工会线下办理。',
]

module.exports = { CONSENT_VERSION, CONSENT_TITLE, CONSENT_PARAGRAPHS }
