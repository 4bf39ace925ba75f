'use strict'
// Taro 4 (webpack and Vite) and uni-app (Vue 3, mp-weixin) projects built
// against the packed package, set up as the README says (one plugin line
// each), and each output launched in the phone harness (JavaScriptCore, a
// WXWebAssembly stand-in, WeChat's module system): ready, login, phone
// with `createLoginClient({ wx: Taro })` / `({ wx: uni })`, and no
// unhandled rejection. The projects' dependencies are installed once by
// tools/setup.sh (tests/frameworks-mp/*/package-lock.json); a build is
// reused while the packed package and the project's sources are unchanged.
// The same two projects built for the other platforms (Taro `--type
// tt|qq|swan` with Vite, `alipay` and `kwai` with webpack; uni-app `-p mp-toutiao|…`) run sign-in to
// sign-out (tests/phone/platform-scenario.js) in the platform harness
// (tests/phone/platform-app-harness.js) with that platform's API object and
// WebAssembly object (or none: the JavaScript core, without JIT).
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { filesUnder, decodeWasm, runApp, runPlatformApp } = require('../helpers/app-output')
const { checkSteps } = require('../helpers/platform-steps')

const ROOT = path.join(__dirname, '..', '..', '..')
const PKG = path.join(ROOT, 'pkg')
const PROJECTS = path.join(ROOT, 'tests', 'frameworks-mp')
const WASM_ASSET = 'miniprogram_npm/weapp-login/weapp_login_client.wasm.br'

/** Each build: its project, output folder and command. */
const BUILDS = {
  'taro-webpack': { project: 'taro', out: 'dist-webpack', cmd: ['taro', 'build', '--type', 'weapp'], env: { TARO_COMPILER: 'webpack5', OUTPUT: 'dist-webpack' } },
  'taro-vite': { project: 'taro', out: 'dist-vite', cmd: ['taro', 'build', '--type', 'weapp'], env: { TARO_COMPILER: 'vite', OUTPUT: 'dist-vite' } },
  'uni-mp-weixin': { project: 'uni', out: 'dist-mp-weixin', cmd: ['uni', 'build', '-p', 'mp-weixin'], env: { UNI_OUTPUT_DIR: 'dist-mp-weixin' } }
}

/**
 * The other platforms' builds: the platform, Taro's `--type` or uni-app's
 * `-p`, and what the plugin must have pointed the app at (the wasm build
 * and its wasm object, or the JavaScript core).
 */
const PLATFORM_BUILDS = {
  'taro-vite-tt': { platform: 'toutiao', project: 'taro', type: 'tt', wasmObject: 'TTWebAssembly' },
  'uni-mp-toutiao': { platform: 'toutiao', project: 'uni', type: 'mp-toutiao', wasmObject: 'TTWebAssembly' },
  // Taro 4.2.0's alipay platform cannot build with Vite (its .browserslistrc asset breaks @tarojs/vite-runner's emit): webpack.
  'taro-webpack-alipay': { platform: 'alipay', project: 'taro', type: 'alipay', compiler: 'webpack5' },
  // uni-app's page hands the response and its sign apart (FRAMEWORK_PHONE_EVENTS in helpers/fake-platform.js).
  'uni-mp-alipay': { platform: 'alipay', project: 'uni', type: 'mp-alipay', phoneSent: ['response', 'sign'] },
  'taro-vite-qq': { platform: 'qq', project: 'taro', type: 'qq', wasmObject: 'QQWebAssembly' },
  'uni-mp-qq': { platform: 'qq', project: 'uni', type: 'mp-qq', wasmObject: 'QQWebAssembly' },
  'taro-vite-swan': { platform: 'baidu', project: 'taro', type: 'swan' },
  'uni-mp-baidu': { platform: 'baidu', project: 'uni', type: 'mp-baidu' },
  // Kuaishou through the Taro team's @tarojs/plugin-platform-kwai (6.0.0, made for Taro 3; builds on Taro 4.2.0 with webpack).
  'taro-webpack-kwai': { platform: 'kuaishou', project: 'taro', type: 'kwai', compiler: 'webpack5' },
  'uni-mp-kuaishou': { platform: 'kuaishou', project: 'uni', type: 'mp-kuaishou' }
}
for (const [name, b] of Object.entries(PLATFORM_BUILDS)) {
  const out = `dist-${name.replace(/^(taro|uni)-/, '')}`
  BUILDS[name] = b.project === 'taro'
    ? { project: 'taro', out, cmd: ['taro', 'build', '--type', b.type], env: { TARO_COMPILER: b.compiler || 'vite', OUTPUT: out } }
    : { project: 'uni', out, cmd: ['uni', 'build', '-p', b.type], env: { UNI_OUTPUT_DIR: out } }
}

let tmp
let tarball
let tarballHash

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-fw-'))
  const out = execFileSync('npm', ['pack', '--pack-destination', tmp, '--json', '--loglevel=error'], { cwd: PKG, encoding: 'utf8' })
  tarball = path.join(tmp, JSON.parse(out)[0].filename)
  tarballHash = crypto.createHash('sha256').update(fs.readFileSync(tarball)).digest('hex')
})

after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }) })

/** A hash of what a build depends on: the packed package, the project's own files, the shared check. */
function inputsHash (name) {
  const { project, env } = BUILDS[name]
  const dir = path.join(PROJECTS, project)
  const hash = crypto.createHash('sha256').update(tarballHash).update(JSON.stringify(env))
  const own = filesUnder(dir).filter((f) => !/^(node_modules|dist[^/]*|\.swc)\//.test(f) && !f.startsWith('.build-stamp')).sort()
  for (const f of [...own.map((f) => path.join(dir, f)), path.join(PROJECTS, 'check.js')]) {
    hash.update(f).update(fs.readFileSync(f))
  }
  return hash.digest('hex')
}

/** Installs the packed package into the project (as npm would lay it out). */
function installPacked (dir) {
  const target = path.join(dir, 'node_modules', 'weapp-login')
  fs.rmSync(target, { recursive: true, force: true })
  fs.mkdirSync(target, { recursive: true })
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'])
}

/** Builds `name` unless its output is there for the same inputs; answers the output folder. */
function build (name) {
  const { project, out, cmd, env } = BUILDS[name]
  const dir = path.join(PROJECTS, project)
  assert.ok(fs.existsSync(path.join(dir, 'node_modules', '.package-lock.json')), `${project}'s dependencies are installed (make setup)`)
  const output = path.join(dir, out)
  const stamp = path.join(dir, `.build-stamp-${name}`)
  const want = inputsHash(name)
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want && fs.existsSync(path.join(output, 'app.js'))) return output
  installPacked(dir)
  fs.rmSync(output, { recursive: true, force: true })
  fs.rmSync(stamp, { force: true })
  execFileSync(path.join(dir, 'node_modules', '.bin', cmd[0]), cmd.slice(1), {
    cwd: dir,
    env: { ...process.env, ...env, NODE_ENV: 'production', BROWSERSLIST_IGNORE_OLD_DATA: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000
  })
  fs.writeFileSync(stamp, want)
  return output
}

function checkOutput (name, output) {
  const files = filesUnder(output)
  assert.ok(files.includes(WASM_ASSET), `${name}: the plugin placed the wasm (${files.join(', ')})`)
  assert.ok(!files.some((f) => f.endsWith('.wasm')), `${name}: no raw .wasm`)
  const js = files.filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(output, f), 'utf8')).join('\n')
  assert.ok(js.includes('WXWebAssembly'), `${name}: the mini program build was bundled`)
  // Nothing of the Node entry: its built-ins, its loader, the server.
  for (const banned of [/require\(["'](node:)?(crypto|path|fs|zlib|http|stream)["']\)/, /weapp_login_bg\.wasm/, /jscode2session/, /@redis\//]) {
    assert.ok(!banned.test(js), `${name}: output contains ${banned}`)
  }
}

function checkReport (name, report) {
  assert.equal(report.launchError, undefined, `${name}: ${report.launchError}`)
  assert.equal(report.launched, true)
  const steps = Object.fromEntries(report.steps)
  assert.equal(steps.fatal, undefined, `${name}: ${JSON.stringify(steps.fatal)}`)
  assert.equal(steps.ready, 'signedOut')
  assert.deepEqual(steps.login, { openid: 'o-user-1', same: true, wxLogins: 1 })
  assert.deepEqual(steps.deny, { code: 'ERR_USER_DENIED', isWeappLoginError: true })
  assert.equal(steps.phone, '13800138000')
  assert.equal(steps.failedLogin.isWeappLoginError, true)
  assert.ok(['ERR_WX_FAIL', 'ERR_NETWORK'].includes(steps.failedLogin.code), steps.failedLogin.code)
  assert.deepEqual(report.unhandled, [], `${name}: unhandled rejections`)
}

for (const name of Object.keys(BUILDS).filter((n) => !PLATFORM_BUILDS[n])) {
  test(`${name}: builds with the packed package and signs in on a phone engine`, () => {
    const output = build(name)
    checkOutput(name, output)
    const decoded = path.join(tmp, name)
    decodeWasm(output, decoded)
    checkReport(name, runApp(output, decoded))
  })
}

/** The other platforms' outputs: the build the plugin pointed the app at, its wasm where it loads it (or none). */
function checkPlatformOutput (name, output) {
  const { wasmObject } = PLATFORM_BUILDS[name]
  const files = filesUnder(output)
  const js = files.filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(output, f), 'utf8')).join('\n')
  assert.ok(js.includes('parseLoginResult'), `${name}: weapp-login was bundled`)
  if (wasmObject) {
    assert.ok(files.includes(WASM_ASSET), `${name}: the plugin placed the wasm (${files.join(', ')})`)
    assert.ok(js.includes(`no WebAssembly here (WXWebAssembly, QQWebAssembly, TTWebAssembly)`), `${name}: weapp-login/miniprogram-wasm, which loads ${wasmObject}`)
  } else {
    assert.deepEqual(files.filter((f) => /\.wasm(\.br)?$/.test(f)), [], `${name}: the JavaScript core needs no wasm`)
    assert.ok(!/(WX|QQ|TT)WebAssembly|WebAssembly\.instantiate/.test(js), `${name}: the JavaScript core's build, no WebAssembly loader`)
  }
  for (const banned of [/require\(["'](node:)?(crypto|path|fs|zlib|http|stream)["']\)/, /weapp_login_bg\.wasm/, /jscode2session/, /@redis\//]) {
    assert.ok(!banned.test(js), `${name}: output contains ${banned}`)
  }
}

for (const [name, { platform, project, wasmObject, phoneSent }] of Object.entries(PLATFORM_BUILDS)) {
  test(`${name}: builds for ${platform} and runs sign-in to sign-out on its API object${wasmObject ? '' : ' without JIT'}`, () => {
    const output = build(name)
    checkPlatformOutput(name, output)
    const decoded = path.join(tmp, name)
    decodeWasm(output, decoded)
    const report = runPlatformApp(output, decoded, platform, project, { noJit: !wasmObject })
    assert.equal(report.launchError, undefined, `${name}: ${report.launchError}`)
    assert.equal(report.launched, true)
    checkSteps(report.result, platform, phoneSent && { phone: phoneSent })
    assert.deepEqual(report.unhandled, [], `${name}: unhandled rejections`)
  })
}

test('a base library older than 2.14.0 gets ERR_WX_FAIL before any load', () => {
  const output = build('taro-webpack')
  const decoded = path.join(tmp, 'old-base-library')
  decodeWasm(output, decoded)
  const report = runApp(output, decoded, '2.13.2')
  assert.equal(report.launched, true)
  const steps = Object.fromEntries(report.steps)
  assert.equal(steps.fatal.code, 'ERR_WX_FAIL')
  assert.deepEqual(report.unhandled, [])
})
