/** utils/validate.js mirrors the server's checks: GB 11643 ID numbers, phones, form bodies. */
const validate = require('../utils/validate')

describe('resident ID number (GB 11643)', () => {
  test.each([
    ['11010519491231002X', 'X'], // the standard's own example: check character X
    ['150102199003070015', '5'],
    ['440524198001010013', '3'],
  ])('%s has check character %s and is accepted', (id, check) => {
    expect(validate.idCheckChar(id.slice(0, 17))).toBe(check)
    expect(validate.idNumberError(id)).toBe('')
  })

  test('the check character is the weighted sum mod 11 mapped through 10X98765432', () => {
    // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → X
    expect(validate.idCheckChar('11010519491231002')).toBe('X')
    expect(validate.idCheckChar('44052418800101001')).toBe('4') // the standard's 1880 example
  })

  test('a lower-case x is accepted and normalised', () => {
    expect(validate.idNumberError('11010519491231002x')).toBe('')
    expect(validate.normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X')
  })

  test.each([
    ['110105194912310021', '身份证号码校验位错误，请核对'],
    ['150102199003070010', '身份证号码校验位错误，请核对'],
    ['440524188001010014', '身份证号码中的出生日期不正确'], // valid check character, but born 1880
    ['11010519491231002', '身份证号码应为18位，最后一位可以是数字或X'],
    ['1101051949123100X2', '身份证号码应为18位，最后一位可以是数字或X'],
    ['110105199902300011', '身份证号码中的出生日期不正确'], // 30 February
    ['110105309901010011', '身份证号码中的出生日期不正确'], // born in the future
    ['', '请填写身份证号码'],
  ])('%s is refused: %s', (id, message) => {
    expect(validate.idNumberError(id)).toBe(message)
  })
})

test('mainland mobile numbers', () => {
  expect(validate.phoneError('13812345678')).toBe('')
  expect(validate.phoneError('19912345678')).toBe('')
  expect(validate.phoneError('12812345678')).toBe('请填写正确的11位手机号码')
  expect(validate.phoneError('1381234567')).toBe('请填写正确的11位手机号码')
  expect(validate.phoneError('')).toBe('请填写手机号码')
})

test('an application needs exactly one way of naming the union, and consent', () => {
  const body = {
    name: '张三', id_number: '11010519491231002X', phone: '13812345678', ethnicity: '汉族', education: '大专',
    political_status: '群众', household_type: 'urban', is_migrant_worker: false, occupation: 'courier',
    employer: '某快递站', org_id: 3, consent_version: '2026-01',
  }
  expect(validate.applicationErrors(body)).toEqual({})
  expect(validate.applicationErrors(Object.assign({}, body, { scene: 'abc' }))).toEqual({ union: '请选择要加入的工会' })
  expect(validate.applicationErrors(Object.assign({}, body, { org_id: '' }))).toEqual({ union: '请选择要加入的工会' })
  expect(validate.applicationErrors(Object.assign({}, body, { consent_version: '' })))
    .toEqual({ consent: '请阅读并同意《个人敏感信息处理告知书》' })
  // optional on the server, so optional here too
  expect(validate.applicationErrors(Object.assign({}, body, { ethnicity: null, education: null, household_type: null }))).toEqual({})
  expect(validate.applicationErrors(Object.assign({}, body, { name: '张' }))).toEqual({ name: '姓名应为2到30个字' })
})

test('a legal-aid description is at most 1000 characters', () => {
  const body = { case_type: 'wage_arrears', description: '欠'.repeat(1000), contact_phone: '13812345678', workers_involved: 3 }
  expect(validate.bookingErrors(body)).toEqual({})
  expect(validate.bookingErrors(Object.assign({}, body, { description: '欠'.repeat(1001) })))
    .toEqual({ description: '问题描述不能超过1000字' })
  expect(validate.bookingErrors(Object.assign({}, body, { workers_involved: 0 })))
    .toEqual({ workers_involved: '涉及人数应为1到10000之间的整数' })
  // no contact phone: the server falls back to the bound one; a wrong one is still caught
  expect(validate.bookingErrors(Object.assign({}, body, { contact_phone: '' }))).toEqual({})
  expect(validate.bookingErrors(Object.assign({}, body, { contact_phone: '1391234' })))
    .toEqual({ contact_phone: '请填写正确的11位手机号码' })
})
