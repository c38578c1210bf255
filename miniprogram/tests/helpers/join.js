/** The join form driven through its own controls, and the unions the search finds (join and share stories). */
const { settle, find, type, change } = require('./render')

const VALID_ID = '11010519491231002X'
const ORGS = [
  { id: 11, name: '赛罕区快递行业联合工会', kind: 'grassroots', subkind: 'joint', path_names: ['呼和浩特市总工会', '赛罕区总工会'] },
  { id: 12, name: '新城区外卖骑手工会', kind: 'grassroots', subkind: 'platform', path_names: ['呼和浩特市总工会', '新城区总工会'] },
]
const DISTRICTS = [{ id: 3, name: '回民区总工会', kind: 'district', subkind: null, path_names: ['呼和浩特市总工会'] }]

function serveOrgs() {
  fake.server.on('GET', '/orgs', req => {
    const items = req.query.kind === 'district' ? DISTRICTS : ORGS.filter(o => o.name.includes(req.query.q || ''))
    return [200, { items, total: items.length, page: 1, per_page: 20 }]
  })
}

/** Fill every personal field with valid values through the form's own controls. */
async function fillForm(page, overrides = {}) {
  const values = Object.assign({ name: '张三', id_number: VALID_ID, phone: '13812345678', employer: '某某快递赛罕站' }, overrides)
  for (const field of ['name', 'id_number', 'phone', 'employer']) await type(page, `.input-${field}`, values[field])
  await change(page, '.picker-education', 3) // 中专/技校
  await change(page, '.picker-political_status', 0) // 群众
  await change(page, '.picker-occupation', 0) // 快递员
  await change(page, '.radio-household', 'rural')
  await change(page, '.radio-migrant', 'yes')
  await change(page, '.consent-check', ['agree'])
}

async function chooseOrg(page, name) {
  const search = find(page, '#orgSearch')
  await settle()
  const item = search.querySelectorAll('.org-item').find(node => node.dom.textContent.includes(name))
  item.dispatchEvent('tap')
  await settle()
}

module.exports = { VALID_ID, ORGS, DISTRICTS, serveOrgs, fillForm, chooseOrg }
