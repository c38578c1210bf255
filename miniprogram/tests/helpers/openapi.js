/**
 * The backend's real OpenAPI document (written by tests/global-setup.js) and the two questions the
 * contract asks of it: does this method + path exist, and does a response body (or a field a page
 * reads) fit the schema the API documents for it.
 */
const fs = require('fs')
const { OPENAPI_FILE } = require('./openapi-file')

const PREFIX = '/api/v1'
let spec = null

function openapi() {
  if (!spec) spec = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8'))
  return spec
}

function resolve(schema) {
  let current = schema || {}
  while (current.$ref) current = current.$ref.split('/').slice(1).reduce((node, key) => node[key], openapi())
  return current
}

/**
 * The documented operation for `method` and a mini-program path (relative to /api/v1, any query
 * left off): a concrete path ('/orgs/12') or a template ('/orgs/{id}', '/orgs/:param'). null if none.
 */
function findOperation(method, path) {
  const wanted = PREFIX + path.split('?')[0]
  const paths = openapi().paths
  const templates = Object.keys(paths).filter(p => paths[p][method.toLowerCase()])
  const asTemplate = wanted.replace(/\{[^}]+\}/g, '{}')
  const found = templates.find(p => p === wanted) ||
    templates.find(p => p.replace(/\{[^}]+\}/g, '{}') === asTemplate) ||
    templates.find(p => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(wanted))
  return found ? Object.assign({ path: found }, paths[found][method.toLowerCase()]) : null
}

/** The JSON schema of an operation's response with `status` (undefined when it has no JSON body). */
function responseSchema(operation, status) {
  const response = operation.responses[String(status)]
  const content = response && response.content && response.content['application/json']
  return content ? content.schema : undefined
}

const TYPE_CHECKS = {
  string: v => typeof v === 'string',
  integer: v => Number.isInteger(v),
  number: v => typeof v === 'number',
  boolean: v => typeof v === 'boolean',
  array: v => Array.isArray(v),
  object: v => typeof v === 'object' && !Array.isArray(v),
}

function isNullPlaceholder(schema) {
  return schema.type === 'object' && schema.nullable && !schema.properties
}

/** What in `value` the schema does not allow: unknown fields, wrong types, null where not nullable. */
function problems(schemaRef, value, at = 'body') {
  const schema = resolve(schemaRef)
  // apispec writes a nullable nested schema as anyOf [{type: object, nullable: true}, {$ref}]: the first means null
  const branches = (schema.anyOf || schema.oneOf || [])
    .filter(branch => value === null || !isNullPlaceholder(resolve(branch)))
  if (branches.length) {
    const results = branches.map(branch => problems(branch, value, at))
    return results.find(r => r.length === 0) || results.sort((a, b) => a.length - b.length)[0]
  }
  if (value === null) return schema.nullable || !schema.type ? [] : [`${at}: null, but the API never sends null here`]
  if (schema.type && TYPE_CHECKS[schema.type] && !TYPE_CHECKS[schema.type](value)) {
    return [`${at}: ${JSON.stringify(value)} is not ${schema.type}`]
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => problems(schema.items, item, `${at}[${i}]`))
  if (typeof value !== 'object' || !schema.properties) return []
  return Object.keys(value).flatMap(key => {
    if (schema.properties[key]) return problems(schema.properties[key], value[key], `${at}.${key}`)
    return schema.additionalProperties === false ? [`${at}.${key}: not in the API's schema`] : []
  })
}

/** Whether a dotted field path ('items.station.name'; arrays are stepped through) is in the schema. */
function hasField(schemaRef, dotted) {
  let schemas = [schemaRef]
  for (const key of dotted.split('.')) {
    schemas = schemas.flatMap(function expand(ref) {
      const schema = resolve(ref)
      if (schema.anyOf || schema.oneOf) return (schema.anyOf || schema.oneOf).flatMap(expand)
      if (schema.type === 'array') return expand(schema.items)
      return schema.properties && schema.properties[key] ? [schema.properties[key]] : []
    })
    if (!schemas.length) return false
  }
  return true
}

module.exports = { openapi, findOperation, responseSchema, problems, hasField, PREFIX }
