/**
 * The tab bar (首页 / 会员卡 / 我的): app.json declares it with local PNG icons WeChat accepts, tab pages
 * are switched to (wx.switchTab) and never pushed with navigateTo, and the 我的 page shows the worker
 * masked and links to everything that is theirs.
 */
const fs = require('fs')
const path = require('path')
const { renderPage, settle, textOf, tap, ROOT } = require('./helpers/render')
const { TAB_PAGES, navigateTo } = require('../utils/page')

const appJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))
const tabBar = appJson.tabBar

function pngSize(file) {
  const bytes = fs.readFileSync(path.join(ROOT, file))
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), length: bytes.length }
}

function sourceFiles(dir) {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap(entry => {
    const rel = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(rel)
    return /\.(js|wxml)$/.test(entry.name) ? [rel] : []
  })
}

describe('the tab bar', () => {
  test('app.json lists 首页 / 会员卡 / 我的, each a page of the app, in the order utils/page.js knows', () => {
    expect(tabBar.list.map(tab => tab.text)).toEqual(['首页', '会员卡', '我的'])
    expect(tabBar.list.map(tab => tab.pagePath)).toEqual(TAB_PAGES)
    TAB_PAGES.forEach(page => expect(appJson.pages).toContain(page))
    expect(appJson.pages[0]).toBe('pages/index/index') // the first tab opens first
  })

  test.each(tabBar.list.map(tab => [tab.text, tab]))('%s: both icons are local PNGs of at most 40 KB', (text, tab) => {
    [tab.iconPath, tab.selectedIconPath].forEach(icon => {
      expect(icon).toMatch(/^images\/.+\.png$/)
      const { width, height, length } = pngSize(icon)
      expect(length).toBeLessThanOrEqual(40 * 1024)
      expect([width, height]).toEqual([81, 81])
    })
  })

  test('opening a tab page switches to the tab (without its query); other pages are pushed', () => {
    navigateTo('/pages/membership/card?from=home')
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/membership/card' })
    navigateTo('/pages/legal-aid/sessions')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/legal-aid/sessions' })
    expect(wx.navigateTo).toHaveBeenCalledTimes(1)
  })

  test('no page pushes or redirects to a tab page by hand (WeChat refuses both)', () => {
    const offenders = sourceFiles('pages').concat(sourceFiles('components'), sourceFiles('utils'))
      .filter(file => TAB_PAGES.some(page => new RegExp(`wx\\.(navigateTo|redirectTo)\\(\\{\\s*url:\\s*['\`]/${page}`)
        .test(fs.readFileSync(path.join(ROOT, file), 'utf8'))))
    expect(offenders).toEqual([])
  })
})

describe('我的', () => {
  const ME = {
    id: 7, nickname: '小张', phone_masked: '138****5678', phone_bound: true, is_station_staff: false,
    membership: { status: 'member', member_no: 'HH2026000123K', org_name: '赛罕区快递行业联合工会',
      id_number_masked: '150102********0015', phone_masked: '138****5678' },
  }

  function showMine(me, unread) {
    fake.server.on('GET', '/me', [200, me])
    fake.server.on('GET', '/me/notifications', [200, { items: [], total: 0, page: 1, per_page: 1, unread_count: unread || 0 }])
    return renderPage('pages/mine/mine')
  }

  test('shows who I am with the ID number and phone masked, and my unread messages', async () => {
    const page = showMine(ME, 2)
    await settle()
    expect(textOf(page, '.nickname')).toBe('小张')
    expect(textOf(page, '.membership-status')).toBe('工会会员')
    expect(textOf(page, '.member-line')).toBe('赛罕区快递行业联合工会 · 会员号 HH2026000123K')
    expect(textOf(page, '.phone')).toBe('手机号：138****5678')
    expect(textOf(page, '.id-number')).toBe('身份证号：150102********0015')
    expect(textOf(page, '.unread-badge')).toBe('2')
    expect(page.dom.textContent).not.toMatch(/\d{17}[\dX]|1\d{10}/) // never a full number
  })

  test('someone who has not joined sees what is missing, not blanks', async () => {
    const page = showMine({ id: 8, nickname: null, phone_masked: null, phone_bound: false, is_station_staff: false,
      membership: { status: 'none' } })
    await settle()
    expect(textOf(page, '.nickname')).toBe('职工朋友')
    expect(textOf(page, '.membership-status')).toBe('未入会')
    expect(textOf(page, '.member-line')).toBeNull()
    expect(textOf(page, '.phone')).toBe('手机号：未绑定')
    expect(textOf(page, '.id-number')).toBe('身份证号：未提交')
  })

  test.each([
    ['.messages-link', '/pages/messages/messages'],
    ['.open-applications', '/pages/membership/applications'],
    ['.open-bookings', '/pages/legal-aid/bookings'],
    ['.open-signups', '/pages/campaigns/signups'],
    ['.open-transfer', '/pages/membership/transfer'],
    ['.open-privacy', '/pages/privacy/privacy?section=my-data'],
    ['.open-correct', '/pages/privacy/privacy?section=correct'],
    ['.open-withdraw', '/pages/privacy/privacy?section=withdraw'],
    ['.open-delete', '/pages/privacy/privacy?section=deletion'],
    ['.open-staff-bind', '/pages/staff/bind'],
  ])('%s opens %s', async (link, url) => {
    const page = showMine(ME)
    await settle()
    await tap(page, link)
    expect(wx.navigateTo).toHaveBeenCalledWith({ url })
  })

  test('工作人员绑定 is always offered, and says so once this WeChat is bound to a station account', async () => {
    const page = showMine(Object.assign({}, ME, { is_station_staff: true }))
    await settle()
    expect(textOf(page, '.open-staff-bind')).toBe('工作人员绑定（已绑定）')
  })

  test('a privacy link lands on its part of the privacy page', async () => {
    fake.server.on('GET', '/me', [200, ME])
    fake.server.on('GET', '/me/deletion-request', [200, { request: null, erasure_days: 15 }])
    const page = renderPage('pages/privacy/privacy', { section: 'withdraw' })
    await settle()
    await settle()
    expect(wx.pageScrollTo).toHaveBeenCalledWith({ selector: '.withdraw', duration: 0 })
    expect(page.querySelector('.withdraw')).not.toBeNull()
  })

  test('a failed load says so and a tap retries it', async () => {
    fake.server.on('GET', '/me', 'network_error')
    const page = renderPage('pages/mine/mine')
    await settle()
    expect(textOf(page, '.load-error')).toContain('网络连接失败')
    fake.server.on('GET', '/me', [200, ME])
    await tap(page, '.load-error')
    expect(textOf(page, '.nickname')).toBe('小张')
  })
})
