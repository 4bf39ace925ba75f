'use strict'
// One sign-in scenario, run inside phone-shaped engines (JavaScriptCore's
// jsc shell, and a Node vm context without TextDecoder or WebAssembly) on
// the mini program build as WeChat's "build npm" laid it out. It reports
// what happened; the Node test asserts on the report.

async function runScenario (wl, createFakeWx) {
  const report = {
    engine: { TextDecoder: typeof TextDecoder, TextEncoder: typeof TextEncoder, WebAssembly: typeof WebAssembly },
    steps: []
  }
  const step = (name, value) => report.steps.push([name, value])
  const wx = createFakeWx()
  const client = wl.createLoginClient({ wx, baseUrl: 'https://api.example.com/api', appId: 'wx1234567890abcdef' })
  await client.ready
  step('ready', client.state.name)

  const sessions = await Promise.all([client.login(), client.login(), client.login()])
  step('login', { openid: sessions[0].openid, same: sessions.every((s) => s.token === sessions[0].token), wxLogins: wx.calls.login, posts: wx.calls.requests.length })
  step('nextStep', client.state.nextStep)

  try {
    await client.getPhoneNumber({ detail: { errMsg: 'getPhoneNumber:fail user deny' } })
    step('deny', 'no error')
  } catch (e) {
    step('deny', { code: e.code, isWeappLoginError: e instanceof wl.WeappLoginError, name: e.name })
  }
  try {
    await client.getPhoneNumber({ detail: { errMsg: 'getPhoneNumber:fail privacy permission is not authorized', errno: 104 } })
    step('privacy', 'no error')
  } catch (e) {
    step('privacy', { code: e.code, errno: e.errno })
  }
  const phone = await client.getPhoneNumber({ detail: { errMsg: 'getPhoneNumber:ok', code: 'phone-code-1' } })
  step('phone', phone.purePhoneNumber)

  const nick = await client.setNickname({ detail: { value: ' 小明🙂 ' } })
  step('nickname', nick.nickName)
  await client.chooseAvatar({ detail: { avatarUrl: 'wxfile://tmp_avatar.png' } })
  step('avatar', { uploads: wx.calls.uploads.length, field: wx.calls.uploads[0].name })
  step('state', { name: client.state.name, profile: client.state.profile, phone: client.state.phone, nextStep: client.state.nextStep })

  const stored = wx.getStorageSync('weapp-login:v1:wx1234567890abcdef:session')
  step('stored', { v: stored.v, keys: Object.keys(stored.data).sort() })

  const relaunched = wl.createLoginClient({ wx, baseUrl: 'https://api.example.com/api', appId: 'wx1234567890abcdef' })
  // The first frame: read from storage as createLoginClient returns, before the core loads.
  step('first frame', { name: relaunched.state.name, nextStep: relaunched.state.nextStep, user: relaunched.state.user })
  const heard = []
  relaunched.subscribe((s) => heard.push(s.name))
  await relaunched.ready
  step('confirmed', { heard })
  step('relaunch', { nextStep: relaunched.state.nextStep, user: relaunched.state.user })

  const table = await wl.transitions()
  step('transitions', table.length)

  await client.logout()
  step('logout', { name: client.state.name, stored: wx.getStorageSync('weapp-login:v1:wx1234567890abcdef:session') })
  return report
}

module.exports = { runScenario }
