'use strict'
// A new user following only the Chinese quick start (README.md's "5 分钟上手",
// its text read here, so the README cannot drift): a new project of WeChat
// DevTools' TypeScript template, `npm install` of the packed package, the
// README's project.config.json setting, app.json page and files written in;
// `tsc` under the template's strict tsconfig, unedited, on TypeScript 5 and
// 7; the TypeScript compiled to JavaScript as DevTools' compiler plugin does
// (a transpile, CommonJS); "build npm" (miniprogram-ci, as DevTools, where
// project.config.json says); then the page in WeChat's official simulator
// (miniprogram-simulate, helpers/simulator.js) against `make demo`'s server
// (www/server.js's startDemo, at the `baseUrl` the README's repository
// section gives), driven by taps and WeChat's real-shaped events; and a
// relaunch whose first frame is already the signed-in user.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const ts5 = require('typescript5')
const { samples, section } = require('../helpers/doc-samples')
const { devtoolsProject } = require('../helpers/devtools-template')
const { packTarball, installTarball, packNpm } = require('../helpers/build-npm')
const { startSimulator, until, tap, fire } = require('../helpers/simulator')
const { startDemo } = require('../../../www/server')

const ROOT = path.join(__dirname, '..', '..', '..')
const TSC = {
  7: path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
  5: path.join(ROOT, 'node_modules', 'typescript5', 'bin', 'tsc')
}
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
const QUICK_START = section(README, '5 分钟上手')
const APP_ID = 'wx1234567890abcdef' // the demo's app, and the README's
const USER = 'quick-start-user'

/** The quick start's sample whose fence names `file`. */
function block (file) {
  const found = samples('README.md', QUICK_START).filter((s) => s.file === file)
  assert.equal(found.length, 1, `README.md's quick start has one block for ${file}`)
  return found[0].code
}

let work, project, miniprogram, demo, simulator

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-quick-start-'))
  project = devtoolsProject(path.join(work, 'quickstart'))
  miniprogram = path.join(project, 'miniprogram')
  const template = fs.readFileSync(path.join(project, 'tsconfig.json'), 'utf8')

  // 安装: `npm install weapp-login` at the project's root, from the packed tarball, offline.
  assert.match(QUICK_START, /在项目根目录 `npm install weapp-login`/)
  installTarball(project, packTarball(work))

  // The README's setting, merged into project.config.json's.
  const configFile = path.join(project, 'project.config.json')
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8'))
  const { setting } = JSON.parse(block('project.config.json'))
  assert.match(QUICK_START, /合并进 `project\.config\.json` 的 `setting`/)
  fs.writeFileSync(configFile, JSON.stringify({ ...config, setting: { ...config.setting, ...setting } }, null, 2))

  // The page, first in app.json; DevTools makes its files (json, wxss), then the README's go in.
  const [, page] = QUICK_START.match(/`miniprogram\/app\.json` 的 `pages` 最前面加上 `"([^"]+)"`/)
  const appJson = path.join(miniprogram, 'app.json')
  const app = JSON.parse(fs.readFileSync(appJson, 'utf8'))
  fs.writeFileSync(appJson, JSON.stringify({ ...app, pages: [page, ...app.pages] }, null, 2))
  fs.mkdirSync(path.join(miniprogram, path.dirname(page)), { recursive: true })
  fs.writeFileSync(path.join(miniprogram, `${page}.json`), '{\n  "usingComponents": {}\n}\n')
  fs.writeFileSync(path.join(miniprogram, `${page}.wxss`), '')
  for (const file of ['miniprogram/login-client.ts', 'miniprogram/app.ts', `miniprogram/${page}.ts`, `miniprogram/${page}.wxml`]) {
    fs.writeFileSync(path.join(project, file), block(file) + '\n')
  }
  assert.equal(fs.readFileSync(path.join(project, 'tsconfig.json'), 'utf8'), template, 'no tsconfig edit')

  // `make demo`, and the client's baseUrl pointed at it as the README's repository section says.
  demo = await startDemo({ port: 0, env: {} })
  const [, local] = README.match(/用 `make demo` 跑下面的快速上手：`baseUrl` 填 `(http:\/\/127\.0\.0\.1:8080\/[^`]*)`/)
  const baseUrl = local.replace('http://127.0.0.1:8080/', demo.url)
  const clientFile = path.join(miniprogram, 'login-client.ts')
  const client = fs.readFileSync(clientFile, 'utf8')
  assert.match(client, /baseUrl: 'https:\/\/api\.example\.com'/)
  assert.match(client, new RegExp(`appId: '${APP_ID}'`))
  fs.writeFileSync(clientFile, client.replace('https://api.example.com', baseUrl))
})

after(async () => {
  if (simulator) simulator.close()
  if (demo) await demo.close()
  if (work) fs.rmSync(work, { recursive: true, force: true })
})

for (const version of [5, 7]) {
  test(`the quick start type-checks in the DevTools TypeScript template, unedited, strict, on TypeScript ${version}`, () => {
    const r = spawnSync(process.execPath, [TSC[version], '-p', project, '--noEmit'], { encoding: 'utf8' })
    assert.deepEqual({ status: r.status, out: r.stdout + r.stderr }, { status: 0, out: '' })
  })
}

test('README.en.md\'s quick start has the same files, its configuration and page markup identical', () => {
  const files = (page, text) => samples(page, section(text, page === 'README.md' ? '5 分钟上手' : 'Five-minute quick start')).filter((s) => s.file)
  const zh = files('README.md', README)
  const en = files('README.en.md', fs.readFileSync(path.join(ROOT, 'README.en.md'), 'utf8'))
  assert.deepEqual(en.map((s) => s.file), zh.map((s) => s.file))
  for (const [i, s] of zh.entries()) if (s.lang === 'json' || s.lang === 'wxml') assert.equal(en[i].code, s.code, s.file)
})

/** The openid the WeChat emulator gives `user` of the app. */
const openidOf = (user) => 'o' + crypto.createHash('sha256').update(APP_ID + user).digest('base64url').slice(0, 27)

/** GET /api/me with `token`: its status and body. */
async function me (token) {
  const res = await fetch(`${demo.url}api/me`, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, body: await res.json() }
}

test('the quick start after build npm, in the official simulator against make demo: sign in, profile, phone, relaunch signed in at the first frame, sign out', async () => {
  // DevTools' TypeScript plugin: each .ts of the mini program to .js, CommonJS, as the tsconfig says.
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(project, 'tsconfig.json'), 'utf8'))
  const { options } = ts5.convertCompilerOptionsFromJson(compilerOptions, project)
  for (const file of fs.readdirSync(miniprogram, { recursive: true }).filter((f) => f.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(miniprogram, file), 'utf8')
    fs.writeFileSync(path.join(miniprogram, file.replace(/\.ts$/, '.js')), ts5.transpileModule(source, { compilerOptions: options, fileName: file }).outputText)
  }
  // Tools → Build npm, by the README's project.config.json setting: into miniprogram/.
  assert.deepEqual(await packNpm(project), [path.join(miniprogram, 'miniprogram_npm', 'weapp-login')])

  simulator = startSimulator(miniprogram)
  const { createWx } = await import(path.join(ROOT, 'www', 'emulator', 'wx.mjs'))
  const storage = new Map()
  const toasts = []
  // One launch's wx (WeChat's emulator, over HTTP), its toasts recorded.
  const newWx = () => Object.assign(createWx({ emulatorUrl: demo.url + 'wechat', appId: APP_ID, user: USER, storage }), { showToast: (o) => toasts.push(o.title) })
  const wx = newWx()

  // First launch: signed out in the first frame; the user taps 微信登录 while
  // app.ts's onLaunch sign-in is under way: one wx.login for both.
  const { page } = simulator.launch(wx)
  assert.equal(page.instance.frames[0].step, 'login')
  tap(page, '.login')
  await until(() => page.data.step === 'profile', 'the sign-in')
  assert.equal(wx.calls.login, 1)
  assert.equal(page.querySelector('.login'), undefined)
  const { data: session } = wx.getStorageSync(`weapp-login:v1:${APP_ID}:session`)
  assert.equal(session.openid, openidOf(USER))
  const signedUp = await me(session.token)
  assert.deepEqual([signedUp.status, signedUp.body.openid, signedUp.body.user], [200, openidOf(USER), {}])
  const kept = JSON.stringify([...storage.values()])
  for (const secret of demo.wechat.emulator.secrets()) assert.ok(!kept.includes(secret), 'no session key, code or secret stored')

  // Profile: an avatar (wx.uploadFile to the demo's POST /api/avatar), then a
  // nickname, taken once WeChat's review passed.
  fire(page, '.avatar', 'chooseavatar', (await wx.events.chooseAvatar()).detail)
  await until(() => page.data.avatarUrl !== '', 'the avatar')
  assert.ok(page.data.avatarUrl.startsWith(`${demo.url}api/avatars/`), page.data.avatarUrl)
  assert.equal((await fetch(page.data.avatarUrl)).status, 200)
  fire(page, '.nickname', 'input', wx.events.nicknameInput('小明').detail)
  fire(page, '.nickname', 'nicknamereview', wx.events.nicknameReview({ pass: true }).detail)
  await until(() => page.data.step === 'phone', 'the profile')
  assert.equal(page.data.nickName, '小明')

  // Phone: refused (a toast, no unhandled rejection), then allowed.
  fire(page, '.bind-phone', 'getphonenumber', (await wx.events.getPhoneNumber({ allow: false })).detail)
  await until(() => toasts.length === 1, 'the refusal')
  assert.deepEqual(toasts, ['已取消'])
  fire(page, '.bind-phone', 'getphonenumber', (await wx.events.getPhoneNumber({ allow: true })).detail)
  await until(() => page.data.step === 'done', 'the phone')
  assert.equal(page.data.phone, '138****8000')
  assert.equal(page.querySelector('.phone').dom.textContent, '138****8000')
  assert.ok(!JSON.stringify([...storage.values()]).includes('13800138000'), 'no full phone number stored')
  const { body: { user } } = await me(session.token)
  assert.deepEqual([user.nickName, user.avatarUrl, user.phoneNumber], ['小明', page.data.avatarUrl, '138****8000'])

  // Relaunch with the same storage: the first frame and the first setData
  // are the signed-in user (nickname, avatar, masked phone), before the core is loaded.
  const again = newWx()
  const instantiated = global.WXWebAssembly.instantiated
  const relaunched = simulator.launch(again).page
  const signedIn = { step: 'done', nickName: '小明', avatarUrl: page.data.avatarUrl, phone: '138****8000' }
  const { frames } = relaunched.instance
  assert.deepEqual(frames[0], { ...signedIn, draft: '' })
  assert.equal(global.WXWebAssembly.instantiated, instantiated, 'no core loaded for the first frame')
  assert.equal(relaunched.querySelector('.login'), undefined, 'no sign-in button in the first frame')
  assert.equal(relaunched.querySelector('.phone').dom.textContent, '138****8000')
  await until(() => frames.length > 1, 'the first setData')
  assert.deepEqual(frames[1], signedIn)
  await until(() => global.WXWebAssembly.instantiated > instantiated, 'the core')
  await new Promise((resolve) => setTimeout(resolve, 100))
  for (const frame of frames) assert.notEqual(frame.step, 'login', JSON.stringify(frames))
  assert.equal(again.calls.login, 0)

  // Sign out: back to 微信登录, the session gone on the server.
  tap(relaunched, '.logout')
  await until(() => relaunched.data.step === 'login', 'the sign-out')
  assert.ok(relaunched.querySelector('.login'))
  const gone = await me(session.token)
  assert.equal(gone.status, 401)
  assert.match(gone.body.error.code, /^ERR_SESSION_/)

  // onUnload undoes subscribe: the unloaded page gets no more setData.
  const seen = frames.length
  relaunched.detach()
  const { client } = require(path.join(miniprogram, 'login-client.js'))
  await client.login()
  assert.equal(client.state.name, 'signedIn')
  assert.equal(frames.length, seen)
  assert.equal(again.calls.login, 1)
})
