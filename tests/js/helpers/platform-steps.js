'use strict'
// What the steps of tests/phone/platform-scenario.js must report on
// each platform (sign in, phone deny and allow, profile, relaunch without a
// new sign-in, a session the server lost, sign out), for the native builds
// (platforms/every-platform.test.js) and the Taro and uni-app outputs
// (platforms/frameworks-mp.test.js) alike.
const assert = require('node:assert/strict')

/** What each platform sends, and how its refusal is kept. */
const EXPECTED = {
  weixin: { login: ['code', 'nonce'], phone: ['code'], errno: null },
  qq: { login: ['code', 'nonce'], phone: ['encryptedData', 'iv'], errno: null },
  toutiao: { login: ['anonymousCode', 'code', 'nonce'], phone: ['code'], errno: 10200 },
  alipay: { login: ['code', 'nonce'], phone: ['response'], errno: 11 },
  baidu: { login: ['code', 'nonce'], phone: ['encryptedData', 'iv'], errno: null },
  kuaishou: { login: ['code', 'nonce'], phone: ['encryptedData', 'iv'], errno: null }
}

/** Asserts the scenario's report (`{ steps }`) for `platform`; `differ` replaces what a framework sends differently. */
function checkSteps (report, platform, differ = {}) {
  const steps = Object.fromEntries(report.steps)
  const want = { ...EXPECTED[platform], ...differ }
  assert.equal(steps.ready, 'signedOut')
  assert.deepEqual(steps.login, { openid: 'o-user-1', logins: 1, sent: want.login, path: '/login' })
  assert.deepEqual(steps.deny, { code: 'ERR_USER_DENIED', errno: want.errno })
  assert.deepEqual(steps.phone, { purePhoneNumber: '13800138000', sent: want.phone, authorized: true })
  assert.deepEqual(steps.profile, { nickName: '小明', profile: false, phone: true })
  assert.equal(steps['first frame'], 'signedIn', 'the relaunch\'s first frame, from storage')
  assert.deepEqual(steps.relaunch, { name: 'signedIn', same: true, logins: 1 }, 'no new sign-in on a relaunch')
  assert.deepEqual(steps['session lost'], { openid: 'o-user-1', name: 'signedIn', logins: 2 }, 'the server\'s 401 signs in again')
  assert.deepEqual(steps.logout, { name: 'signedOut', stored: false })
}

module.exports = { EXPECTED, checkSteps }
