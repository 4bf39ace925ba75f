'use strict'
// The steps on one platform's own API object (tests/js/helpers/
// fake-platform.js): sign in, phone (deny, allow), profile, relaunch
// without a new sign-in, a session the server lost, sign out. Runs in jsc and in Node; it reports what
// happened, and the Node test asserts on the report.

async function runPlatformScenario (wl, createFakeWx, fakes, platform) {
  const { createFakePlatform, API_KEY, PHONE_EVENTS } = fakes
  const api = createFakePlatform(createFakeWx, platform)
  // As in a mini program: the platform's API object is a global (`tt`, `my`, …).
  globalThis[API_KEY[platform]] = api
  return runSteps(wl, { [API_KEY[platform]]: api }, api, PHONE_EVENTS[platform])
}

/**
 * The steps through a framework's API object (`Taro`, `uni`) given as
 * `wx`, over `native` (the platform's emulated object, a global already),
 * with the phone events the framework's pages get there (`framework`:
 * `taro` or `uni`): what a Taro or uni-app output runs
 * (tests/phone/platform-app-harness.js).
 */
function runFrameworkScenario (wl, frameworkApi, native, fakes, platform, framework) {
  return runSteps(wl, { wx: frameworkApi }, native, fakes.phoneEvents(platform, framework))
}

/**
 * The steps in a native project (no framework): the build the project loads
 * (`wl`, required by the path the docs give), the platform's own object
 * under its own name (`tt`, `my`, …) with `extra` options from the docs
 * (`wasmPath`), and that platform's own phone events
 * (tests/phone/platform-app-harness.js).
 */
function runNativeScenario (wl, native, fakes, platform, extra) {
  return runSteps(wl, { [fakes.API_KEY[platform]]: native, ...extra }, native, fakes.PHONE_EVENTS[platform])
}

/**
 * The steps: `options` name the API object createLoginClient takes,
 * `native` is the emulated platform object it ends up calling (its
 * counters and storage are read), `events` the phone button's.
 */
async function runSteps (wl, apiOption, native, events) {
  const report = { steps: [] }
  const step = (name, value) => report.steps.push([name, value])
  const options = { ...apiOption, baseUrl: 'https://api.example.com/api', appId: 'wx1234567890abcdef' }
  const client = wl.createLoginClient(options)
  await client.ready
  step('ready', client.state.name)

  const session = await client.login()
  const posted = native.calls.requests[0]
  step('login', { openid: session.openid, logins: native.calls.login, sent: Object.keys(posted.data).sort(), path: posted.path })

  try {
    await client.getPhoneNumber(events.deny)
    step('deny', 'no error')
  } catch (e) {
    step('deny', { code: e.code, errno: e.errno === undefined ? null : e.errno })
  }
  const phone = await client.getPhoneNumber(events.allow)
  const sent = native.calls.requests[native.calls.requests.length - 1]
  step('phone', { purePhoneNumber: phone.purePhoneNumber, sent: Object.keys(sent.data).sort(), authorized: Object.entries(sent.header || {}).some(([k, v]) => k.toLowerCase() === 'authorization' && /^Bearer /.test(v)) })

  const nick = await client.setNickname({ detail: { value: '小明' } })
  step('profile', { nickName: nick.nickName, profile: client.state.profile, phone: client.state.phone })

  const relaunched = wl.createLoginClient(options)
  step('first frame', relaunched.state.name)
  await relaunched.ready
  const again = await relaunched.login()
  step('relaunch', { name: relaunched.state.name, same: again.token === session.token, logins: native.calls.login })

  // The server forgets the session: its 401 (on Alipay an HTTP error is a `fail`) signs in again, once.
  native.live.clear()
  const me = await relaunched.request({ url: '/me' })
  step('session lost', { openid: me.openid, name: relaunched.state.name, logins: native.calls.login })

  await relaunched.logout()
  const key = 'weapp-login:v1:wx1234567890abcdef:session'
  step('logout', { name: relaunched.state.name, stored: native.storage.has(key) })
  return report
}

module.exports = { runPlatformScenario, runFrameworkScenario, runNativeScenario }
