'use strict'
// One set of rules: the core's defaults, limits and formats reach JS as
// pkg/dist/rules.json (written by the build from a native run of the core,
// tools/core_tables.rs), read once by each module; no JS file restates them.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..', '..', '..')
const RULES = require('../../../pkg/dist/rules.json')
const core = require('../../../pkg/src/loader/server')

test('pkg/dist/rules.json and error-table.json are what the core answers now', () => {
  const { execFileSync } = require('node:child_process')
  const tables = JSON.parse(execFileSync('cargo', ['run', '--quiet', '--example', 'core_tables', '--features', 'serde'], { cwd: ROOT, encoding: 'utf8' }))
  assert.deepEqual(RULES, tables.rules)
  assert.deepEqual(require('../../../pkg/dist/error-table.json'), tables.errorTable)
})

test('the handlers\' defaults are the core\'s', () => {
  const { DEFAULTS } = require('../../../pkg/src/server/http/handler-options')
  assert.deepEqual({ ...DEFAULTS, loginLimit: { ...DEFAULTS.loginLimit } }, RULES.handler)
})

test('store keys are built from the core\'s forms', () => {
  const { keysOf } = require('../../../pkg/src/server/auth/keys')
  const k = keysOf('wl:', 'wx1')
  assert.equal(k.token('h'), 'wl:wx1:t:h')
  assert.equal(k.code('id'), 'wl:wx1:c:{id}')
  assert.equal(k.codeLock('id'), 'wl:wx1:lock:c:{id}')
  assert.equal(k.ring('o'), 'wl:wx1:{o}:k')
  assert.equal(k.phoneLimit('o'), 'wl:wx1:{o}:rl:phone')
  assert.equal(k.userLock('o'), 'wl:wx1:{o}:lock:user')
  assert.equal(k.accessToken, 'wl:wx1:at')
  assert.equal(k.forcedRefresh, 'wl:wx1:at:forced')
  assert.equal(k.cloudUser('o'), 'wl:wx1:user:o')
  assert.equal(k.cloudUserLock('o'), 'wl:wx1:lock:user:o')
  assert.equal(k.cloudPhoneLimit('o'), 'wl:wx1:rl:phone:o')
})

test('refusal records are written and read by the core', () => {
  assert.equal(core.refusalRecord('ERR_CODE_INVALID', 40029), '!ERR_CODE_INVALID:40029')
  assert.equal(core.refusalRecord('ERR_CODE_BLOCKED', undefined), '!ERR_CODE_BLOCKED:')
  assert.equal(core.refusalRecord('ERR_NETWORK', undefined), undefined)
  assert.deepEqual(core.readRefusalRecord(RULES.usedCode.record), { code: RULES.usedCode.code, errcode: RULES.usedCode.errcode })
  assert.equal(core.readRefusalRecord('{"n":"x"}'), undefined)
})

test('the cloud token is made and read by the core', () => {
  const token = core.cloudToken(2000, 'AAAAAAAAAAAAAAAAAAAA_-')
  assert.equal(core.readCloudToken(token, 1999), 2000)
  assert.throws(() => core.readCloudToken(token, 2000), (e) => e.code === 'ERR_SESSION_EXPIRED')
  assert.throws(() => core.readCloudToken('Bearer nonsense', 0), (e) => e.code === 'ERR_SESSION_NOT_FOUND')
  assert.throws(() => core.readCloudToken(42, 0), (e) => e.code === 'ERR_SESSION_NOT_FOUND')
})

test('upstream retries and lost sessions are the core\'s lists', () => {
  assert.deepEqual([...RULES.upstreamRetried].sort(), ['ERR_HTTP_STATUS', 'ERR_NETWORK', 'ERR_TIMEOUT', 'ERR_UPSTREAM_BUSY'])
  const { SESSION_CODES } = require('../../../pkg/src/client/options')
  assert.deepEqual(SESSION_CODES, RULES.client.sessionLostCodes)
})

/** Every JS source of the package: `[relative path, text]`. */
function sources () {
  const out = []
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.(c|m)?js$/.test(e.name)) out.push([path.relative(ROOT, p), fs.readFileSync(p, 'utf8')])
    }
  }
  walk(path.join(ROOT, 'pkg', 'src'))
  return out
}

/** What the core states and no JS file may restate: the pattern, and what it is. */
const RESTATED = [
  [/\b512\b/, 'the session token limit (maxSessionTokenLength) or the cloudID limit'],
  [/\b40163\b|!ERR_CODE_USED:/, 'the record of a used code (usedCode)'],
  [/\b40029\b|\b40226\b/, 'a refused code\'s errcode (the core\'s errcode table)'],
  [/['"`]!['"`]|charCodeAt\(0\) === 33/, 'the refusal record\'s mark (refusalRecord, readRefusalRecord)'],
  [/c1\\?\./, 'the cloud token (cloudToken, readCloudToken)'],
  [/['"`]wl:['"`]/, 'the store key prefix (auth.prefix)'],
  [/:rl:phone|:user:\$\{|\}:[kus]`/, 'a store key form (storeKeys)'],
  [/7 \* 24 \* 3600|604800|365 \* 24 \* 3600|31536000/, 'a lifetime (sessionTtlSeconds, userTtlSeconds, avatarTtlSeconds)'],
  [/\b600_?000\b/, 'a bound (maxTimeoutMs, maxBodyTimeoutMs)'],
  [/CODE_LIFE_SECONDS = \d/, 'a code\'s life (codeLifeSeconds)'],
  [/ERR_SESSION_NOT_FOUND['"], ['"]ERR_SESSION_EXPIRED/, 'the lost-session codes (client.sessionLostCodes)'],
  [/['"]ERR_RATE_LIMITED['"] && e\.code !== ['"]ERR_ACCESS_TOKEN/, 'the upstream retry rule (upstreamRetried)']
]

test('no rule the core states is retyped in pkg/src', () => {
  const found = []
  for (const [file, text] of sources()) {
    const body = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '') // comments may name them
    for (const [pattern, what] of RESTATED) {
      if (pattern.test(body)) found.push(`${file}: ${what} (${pattern})`)
    }
  }
  assert.deepEqual(found, [], 'read it from dist/rules.json or a core function instead')
})
