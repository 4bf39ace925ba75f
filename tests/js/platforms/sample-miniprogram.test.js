'use strict'
// The sample mini program (www/miniprogram) after WeChat's "build npm",
// running its app and page logic in a phone-shaped context (no TextDecoder,
// no global WebAssembly, a WXWebAssembly stand-in) against the demo server
// and the emulator over HTTP.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const vm = require('node:vm')
const zlib = require('node:zlib')
const { buildNpm } = require('../helpers/build-npm')
const { startDemo } = require('../../../www/server')
const { startAvatarFront } = require('../helpers/avatar-front')

const SAMPLE = path.join(__dirname, '..', '..', '..', 'www', 'miniprogram')
let project, demo, front

before(async () => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-sample-'))
  fs.cpSync(SAMPLE, project, { recursive: true })
  await buildNpm(project)
  demo = await startDemo({ port: 0, env: {} })
  front = await startAvatarFront(demo.url) // POST /avatar, until the demo server has it
  fs.writeFileSync(path.join(project, 'config.js'), `module.exports = { baseUrl: ${JSON.stringify(front.url + 'api')}, appId: 'wx1234567890abcdef' }\n`)
})

after(async () => {
  if (front) await front.close()
  if (demo) await demo.close()
  if (project) fs.rmSync(project, { recursive: true, force: true })
})

/** A mini program runtime, small: App/Page/Component/getApp, require with miniprogram_npm, WXWebAssembly. */
function phone (wx) {
  let app = null
  const pages = []
  const sandbox = {
    setTimeout, clearTimeout, console, wx,
    App (def) { app = def },
    getApp () { return app },
    Page (def) { pages.push(def) },
    Component (def) { pages.push({ ...def.methods, data: def.data, onLoad () { def.lifetimes.attached.call(this) } }) },
    WXWebAssembly: {
      async instantiate (p, imports) {
        // A base library of 2.14.0 or later: .wasm.br is all the package ships.
        const bytes = fs.readFileSync(path.join(project, p))
        return WebAssembly.instantiate(p.endsWith('.br') ? zlib.brotliDecompressSync(bytes) : bytes, imports)
      }
    }
  }
  const context = vm.createContext(sandbox)
  vm.runInContext('delete globalThis.WebAssembly', context)
  const cache = new Map()
  function load (file) {
    if (cache.has(file)) return cache.get(file).exports
    const module = { exports: {} }
    cache.set(file, module)
    const dir = path.dirname(file)
    const require = (name) => {
      if (name === 'weapp-login') return load(path.join(project, 'miniprogram_npm', 'weapp-login', 'index.js'))
      const target = path.resolve(dir, name)
      return load(target.endsWith('.js') ? target : target + '.js')
    }
    vm.runInContext(`(function (module, exports, require) {${fs.readFileSync(file, 'utf8')}\n})`, context)(module, module.exports, require)
    return module.exports
  }
  return {
    launch () {
      load(path.join(project, 'app.js'))
      app.onLaunch()
      load(path.join(project, 'pages', 'login', 'login.js'))
      const def = pages[0]
      const page = Object.assign(Object.create(null), def, { data: { ...def.data } })
      page.setData = (d) => Object.assign(page.data, d)
      page.onLoad()
      return { app, page }
    },
    context
  }
}

const until = async (check, what) => {
  for (let i = 0; i < 200; i++) {
    if (check()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  assert.fail(`timed out waiting for ${what}`)
}

test('the sample signs in on launch, binds a phone, takes an avatar and nickname, signs out', async () => {
  const { createWx } = await import(path.join(__dirname, '..', '..', '..', 'www', 'emulator', 'wx.mjs'))
  const wx = createWx({ emulatorUrl: demo.url + 'wechat', appId: 'wx1234567890abcdef', user: 'sample-user' })
  const device = phone(wx)
  assert.equal(vm.runInContext('typeof TextDecoder + typeof WebAssembly', device.context), 'undefinedundefined')
  const { page } = device.launch()
  await until(() => page.data.state === 'signedIn', 'sign-in on launch')
  assert.equal(page.data.nextStep, 'profile')

  await page.onGetPhoneNumber(await wx.events.getPhoneNumber({ allow: false }))
  assert.equal(page.data.error, 'ERR_USER_DENIED')
  await page.onGetPhoneNumber(await wx.events.getPhoneNumber({ allow: true }))
  assert.ok(page.data.phone !== '' && !page.data.phone.includes('13800138000'), 'bound, shown masked or as bound')

  await page.onChooseAvatar(await wx.events.chooseAvatar())
  assert.match(page.data.avatarUrl, /\/api\/avatars\/1$/)
  page.onNicknameInput(wx.events.nicknameInput('小明'))
  await page.onNicknameReview(wx.events.nicknameReview({ pass: true }))
  assert.equal(page.data.nickName, '小明')
  assert.equal(page.data.nextStep, 'done')
  assert.equal(wx.calls.login, 1)

  await page.onLogout()
  assert.equal(page.data.state, 'signedOut')
  assert.equal(wx.getStorageSync('weapp-login:v1:wx1234567890abcdef:session'), '')
})
