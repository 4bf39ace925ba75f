// What the framework projects run at launch (tests/js/platforms/frameworks-mp.test.js):
// the mini program build of weapp-login, imported by the project as the
// README says (this file sits outside the projects, so it is handed the
// module rather than resolving `weapp-login` from here), with
// the framework's API object (`Taro`, `uni`) as `wx`: ready, login, a
// refused and a granted phone number, a failed wx.login. The global
// `__fakeWx` is the test's fake `wx` (tests/js/helpers/fake-wx.js) under the
// framework, set up by tests/phone/app-harness.js.
/* global __fakeWx */
// On another platform's harness (tests/phone/platform-app-harness.js),
// `__platformCheck` runs the five steps with that platform's events instead.
export async function runCheck (api, { createLoginClient, WeappLoginError }) {
  // eslint-disable-next-line no-undef
  if (typeof __platformCheck === 'function') return __platformCheck(api, { createLoginClient, WeappLoginError })
  const steps = []
  const step = (name, value) => steps.push([name, value])
  try {
    const client = createLoginClient({ wx: api, baseUrl: 'https://api.example.com/api', appId: 'wx1234567890abcdef' })
    await client.ready
    step('ready', client.state.name)

    const sessions = await Promise.all([client.login(), client.login()])
    step('login', { openid: sessions[0].openid, same: sessions[0].token === sessions[1].token, wxLogins: __fakeWx.calls.login })

    try {
      await client.getPhoneNumber({ detail: { errMsg: 'getPhoneNumber:fail user deny' } })
      step('deny', 'no error')
    } catch (e) {
      step('deny', { code: e.code, isWeappLoginError: e instanceof WeappLoginError })
    }
    const phone = await client.getPhoneNumber({ detail: { errMsg: 'getPhoneNumber:ok', code: 'phone-code-1' } })
    step('phone', phone.purePhoneNumber)

    // A wx.login that fails: the framework's own promise for it rejects
    // too (Taro's do), and nothing may be left unhandled.
    await client.logout()
    __fakeWx.failLogins = 1
    try {
      await client.login()
      step('failedLogin', 'no error')
    } catch (e) {
      step('failedLogin', { code: e.code, isWeappLoginError: e instanceof WeappLoginError })
    }
  } catch (e) {
    step('fatal', { code: e && e.code, message: String(e && e.message) })
  }
  return steps
}
