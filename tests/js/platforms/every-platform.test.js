'use strict'
// One client, every platform: each platform's own API object (emulated from
// its docs, tests/js/helpers/fake-platform.js) through the build that ships
// to it, in JavaScriptCore's jsc (without JIT where the core is the
// JS-compiled one, as on an iPhone): sign in, phone (deny, allow), profile,
// relaunch without a new sign-in, a session the server lost, sign out.
//   WeChat: miniprogram_dist (WXWebAssembly).
//   QQ, Douyin: dist/miniprogram-wasm (QQWebAssembly, TTWebAssembly).
//   Alipay, Baidu, Kuaishou: dist/miniprogram-js (the core through wasm2js).
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const path = require('node:path')
const { checkSteps } = require('../helpers/platform-steps')

const ROOT = path.join(__dirname, '..', '..', '..')
const PKG = path.join(ROOT, 'pkg')
const HELPERS = path.join(__dirname, '..', 'helpers')
const SCENARIO = path.join(ROOT, 'tests', 'phone', 'platform-scenario.js')
const WASM = path.join(PKG, 'dist', 'client', 'weapp_login_client.wasm')

const BUILDS = {
  weixin: { bundle: 'miniprogram_dist/index.js', wasmObject: 'WXWebAssembly' },
  qq: { bundle: 'dist/miniprogram-wasm/index.js', wasmObject: 'QQWebAssembly' },
  toutiao: { bundle: 'dist/miniprogram-wasm/index.js', wasmObject: 'TTWebAssembly' },
  alipay: { bundle: 'dist/miniprogram-js/index.js', noJit: true },
  baidu: { bundle: 'dist/miniprogram-js/index.js', noJit: true },
  kuaishou: { bundle: 'dist/miniprogram-js/index.js', noJit: true }
}

const hasJsc = spawnSync('jsc', ['-e', '1'], { encoding: 'utf8' }).status === 0

function runInJsc (platform) {
  const { bundle, wasmObject, noJit } = BUILDS[platform]
  const args = [...(noJit ? ['--useJIT=false'] : []), path.join(ROOT, 'tests', 'phone', 'platform-harness.js'), '--',
    path.join(PKG, bundle), path.join(HELPERS, 'fake-wx.js'), path.join(HELPERS, 'fake-platform.js'), SCENARIO, platform,
    ...(wasmObject ? [wasmObject, WASM] : [])]
  const r = spawnSync('jsc', args, { encoding: 'utf8', timeout: 120000 })
  const line = r.stdout.split('\n').find((l) => l.startsWith('REPORT ') || l.startsWith('FATAL '))
  assert.ok(line, `jsc printed no report: ${r.stdout}\n${r.stderr}`)
  assert.ok(line.startsWith('REPORT '), line)
  return JSON.parse(line.slice('REPORT '.length))
}

for (const platform of Object.keys(BUILDS)) {
  test(`${platform}: sign-in to sign-out on its own API object, in jsc${BUILDS[platform].noJit ? ' without JIT' : ''} (${BUILDS[platform].bundle})`, { skip: !hasJsc && 'no jsc' }, () => {
    checkSteps(runInJsc(platform), platform)
  })
}

// Douyin's failures carry `errNo`: each becomes our code (read from its
// errMsg), the number kept as `errno`. In Node, on Douyin's build.
test('Douyin: errNo on a failed tt.login and on the phone button becomes our code, the number kept as errno', async () => {
  const fs = require('node:fs')
  globalThis.TTWebAssembly = { instantiate: (wasmPath, imports) => WebAssembly.instantiate(fs.readFileSync(WASM), imports) }
  try {
    const wl = require(path.join(PKG, 'dist', 'miniprogram-wasm', 'index.js'))
    const { createFakeWx } = require(path.join(HELPERS, 'fake-wx.js'))
    const { createFakePlatform } = require(path.join(HELPERS, 'fake-platform.js'))
    const tt = createFakePlatform(createFakeWx, 'toutiao')
    const login = tt.login
    tt.login = (o) => setTimeout(() => o.fail({ errMsg: 'login:fail auth deny', errNo: 10200 }), 1)
    const client = wl.createLoginClient({ tt, baseUrl: 'https://api.example.com/api', appId: 'tt1234567890abcdef', platform: 'toutiao' })
    const refused = await client.login().then(() => null, (e) => ({ code: e.code, errno: e.errno }))
    assert.deepEqual(refused, { code: 'ERR_USER_DENIED', errno: 10200 })
    tt.login = login
    await client.login()
    const phone = async (detail) => client.getPhoneNumber({ type: 'getphonenumber', detail }).then(() => null, (e) => ({ code: e.code, errno: e.errno, errMsg: e.errMsg }))
    assert.deepEqual(await phone({ errMsg: 'getPhoneNumber:fail no permission', errNo: 10202 }), { code: 'ERR_NO_PERMISSION', errno: 10202, errMsg: 'getPhoneNumber:fail no permission' })
    assert.deepEqual(await phone({ errMsg: 'getPhoneNumber:fail auth deny', errNo: 10200 }), { code: 'ERR_USER_DENIED', errno: 10200, errMsg: 'getPhoneNumber:fail auth deny' })
    // The platform refusing on the user's behalf is a refusal too, not a failure of the API.
    assert.deepEqual(await phone({ errMsg: 'getPhoneNumber:fail platform auth deny' }), { code: 'ERR_USER_DENIED', errno: undefined, errMsg: 'getPhoneNumber:fail platform auth deny' })
    // The newer button's page names it `errno`: kept as it is.
    assert.deepEqual(await phone({ errMsg: 'getPhoneNumber:fail auth deny', errno: 7 }), { code: 'ERR_USER_DENIED', errno: 7, errMsg: 'getPhoneNumber:fail auth deny' })
  } finally {
    delete globalThis.TTWebAssembly
  }
})
