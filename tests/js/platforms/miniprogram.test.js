'use strict'
// The mini program build, as WeChat's own "build npm" lays it out: npm pack,
// install into a scratch project, miniprogram-ci's packNpmManually (offline),
// then the same sign-in scenario in JavaScriptCore (jsc) and in a
// phone-shaped Node vm context.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const vm = require('node:vm')
const zlib = require('node:zlib')
const { buildNpm } = require('../helpers/build-npm')
const { decodeWasm } = require('../helpers/app-output')

const ROOT = path.join(__dirname, '..', '..', '..')
const PHONE = path.join(ROOT, 'tests', 'phone')
const FAKE_WX = path.join(__dirname, '..', 'helpers', 'fake-wx.js')
let project // the scratch mini program project
let npmDir // its miniprogram_npm/weapp-login
let decoded // the .wasm.br decompressed, as WXWebAssembly reads it (2.14.0+)
let wasmBytes // that wasm

before(async () => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-mp-'))
  npmDir = await buildNpm(project)
  decoded = path.join(project, 'decoded')
  decodeWasm(project, decoded)
  wasmBytes = fs.readFileSync(path.join(decoded, 'miniprogram_npm', 'weapp-login', 'weapp_login_client.wasm'))
})

after(() => { if (project) fs.rmSync(project, { recursive: true, force: true }) })

function checkReport (report, { engineHasTextDecoder }) {
  assert.equal(report.engine.WebAssembly, 'undefined')
  assert.equal(report.engine.TextDecoder, engineHasTextDecoder ? 'function' : 'undefined')
  const steps = Object.fromEntries(report.steps)
  assert.equal(steps.ready, 'signedOut')
  assert.deepEqual(steps.login, { openid: 'o-user-1', same: true, wxLogins: 1, posts: 1 })
  assert.equal(steps.nextStep, 'profile')
  assert.deepEqual(steps.deny, { code: 'ERR_USER_DENIED', isWeappLoginError: true, name: 'WeappLoginError' })
  assert.deepEqual(steps.privacy, { code: 'ERR_PRIVACY_DENIED', errno: 104 })
  assert.equal(steps.phone, '13800138000')
  assert.equal(steps.nickname, '小明🙂') // through the UTF-8 polyfill both ways
  assert.deepEqual(steps.state, { name: 'signedIn', profile: true, phone: true, nextStep: 'done' })
  assert.deepEqual(steps.avatar, { uploads: 1, field: 'avatar' })
  assert.deepEqual(steps.stored, { v: 1, keys: ['expiresAt', 'openid', 'phone', 'profile', 'token', 'user'] })
  const user = { phoneNumber: '138****8000', nickName: '小明🙂', avatarUrl: 'https://cdn.example.com/avatars/1.png' }
  assert.deepEqual(steps['first frame'], { name: 'signedIn', nextStep: 'done', user }, 'the relaunch\'s first frame, from storage before the core loads')
  assert.deepEqual(steps.confirmed, { heard: [] }, 'the core confirms the first frame: nothing changes')
  assert.deepEqual(steps.relaunch, { nextStep: 'done', user })
  assert.equal(steps.transitions, 14)
  assert.deepEqual(steps.logout, { name: 'signedOut', stored: '' })
}

test('"build npm" lays out the files the loader expects', () => {
  const files = fs.readdirSync(npmDir).sort()
  assert.deepEqual(files, ['index.js', 'miniprogram.js', 'weapp_login_client.wasm.br'])
  const source = fs.readFileSync(path.join(npmDir, 'index.js'), 'utf8')
  for (const banned of [/\bfetch\s*\(/, /import\.meta/, /\beval\s*\(/, /new Function/, /require\(["'](fs|path|crypto|zlib|node:)/]) {
    assert.ok(!banned.test(source), `mini program build contains ${banned}`)
  }
  assert.ok(source.includes('/miniprogram_npm/weapp-login/weapp_login_client.wasm'), 'default wasm path')
})

test('what build npm adds to a mini program stays within 48 KiB', () => {
  const total = fs.readdirSync(npmDir).reduce((n, f) => n + fs.statSync(path.join(npmDir, f)).size, 0)
  assert.ok(total <= 48 * 1024, `${total} bytes in miniprogram_npm/weapp-login`)
})

test('the client wasm is plain MVP wasm and knows nothing of session keys', async () => {
  const wasm = path.join(decoded, 'miniprogram_npm', 'weapp-login', 'weapp_login_client.wasm')
  const r = spawnSync('wasm-validate', ['--disable-reference-types', '--disable-multi-value', '--disable-bulk-memory', '--disable-sign-extension', '--disable-saturating-float-to-int', wasm], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  // Its functions sit behind one
  // entry point (tools/wrap-glue.js): the names are the ones its glue offers.
  const createGlue = require(path.join(ROOT, 'pkg', 'dist', 'client', 'glue.js'))
  const glue = createGlue(TextEncoder, TextDecoder)
  const { instance } = await WebAssembly.instantiate(wasmBytes, glue.imports)
  glue.setWasm(instance.exports)
  const names = [...Object.keys(glue.exports), ...Object.keys(instance.exports)]
  assert.ok(names.includes('transition') && names.includes('openSession'))
  for (const n of names) assert.ok(!/decrypt|encrypt|session_?key|signature|code2session/i.test(n), `client export ${n}`)
})

test('the client wasm stays within its budget: 40 KiB raw, 16 KiB brotli', () => {
  const bytes = wasmBytes
  assert.ok(bytes.length <= 40 * 1024, `${bytes.length} bytes raw`)
  const brotli = zlib.brotliCompressSync(bytes).length
  assert.ok(brotli <= 16 * 1024, `${brotli} bytes brotli`)
})

test('JavaScriptCore (no TextDecoder, no global WebAssembly) signs in through WXWebAssembly', () => {
  const r = spawnSync('jsc', [path.join(PHONE, 'jsc-harness.js'), '--', project, FAKE_WX, path.join(PHONE, 'scenario.js'), decoded], { encoding: 'utf8', timeout: 60_000 })
  assert.equal(r.error, undefined, 'jsc is installed (make setup)')
  const line = r.stdout.split('\n').find((l) => l.startsWith('REPORT ') || l.startsWith('FATAL '))
  assert.ok(line, `no report from jsc: ${r.stdout} ${r.stderr}`)
  assert.ok(line.startsWith('REPORT '), line)
  checkReport(JSON.parse(line.slice(7)), { engineHasTextDecoder: false })
})

test('a phone-shaped vm context loads the .wasm.br and accepts a bare instance', async () => {
  const paths = []
  const sandbox = {
    setTimeout,
    clearTimeout,
    console,
    WXWebAssembly: {
      async instantiate (p, imports) {
        paths.push(p)
        let bytes = fs.readFileSync(path.join(project, p))
        if (p.endsWith('.br')) bytes = zlib.brotliDecompressSync(bytes)
        return (await WebAssembly.instantiate(bytes, imports)).instance // a bare instance
      }
    }
  }
  const context = vm.createContext(sandbox)
  vm.runInContext('delete globalThis.WebAssembly', context)
  const load = (file) => {
    const module = { exports: {} }
    vm.runInContext(`(function (module, exports) {${fs.readFileSync(file, 'utf8')}\n})`, context)(module, module.exports)
    return module.exports
  }
  const wl = load(path.join(npmDir, 'index.js'))
  const { runScenario } = load(path.join(PHONE, 'scenario.js'))
  const { createFakeWx } = load(FAKE_WX)
  // Across realms: compare as JSON, as the jsc run does.
  const report = JSON.parse(JSON.stringify(await runScenario(wl, createFakeWx)))
  checkReport(report, { engineHasTextDecoder: false })
  assert.deepEqual(paths, ['/miniprogram_npm/weapp-login/weapp_login_client.wasm.br'])
})

test("after WeChat's build npm, require('weapp-login/miniprogram') is the same module as require('weapp-login')", async () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-buildnpm-'))
  try {
    const dir = await buildNpm(project)
    // WeChat resolves `weapp-login/miniprogram` to miniprogram_npm/weapp-login/miniprogram.js.
    const byName = require(path.join(dir, 'miniprogram.js'))
    const root = require(path.join(dir, 'index.js'))
    assert.equal(byName, root)
    assert.deepEqual(Object.keys(byName).sort(), ['WeappLoginError', 'createLoginClient', 'errorCodes', 'isWeappLoginError', 'parsePhoneEvent', 'transitions'])
  } finally {
    fs.rmSync(project, { recursive: true, force: true })
  }
})
