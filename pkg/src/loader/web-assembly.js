'use strict'
// The platform's WebAssembly object: WeChat's `WXWebAssembly`, QQ's
// `QQWebAssembly`, Douyin's `TTWebAssembly`. WeChat's build
// (miniprogram_dist) looks for WXWebAssembly alone (./client-wx.js).

/** The platform's WebAssembly object; throws where there is none. */
function platformWebAssembly () {
  // Free variables on purpose: mini programs provide them as globals.
  /* eslint-disable no-undef */
  if (typeof WXWebAssembly !== 'undefined') return WXWebAssembly
  if (typeof QQWebAssembly !== 'undefined') return QQWebAssembly
  if (typeof TTWebAssembly !== 'undefined') return TTWebAssembly
  /* eslint-enable no-undef */
  throw new Error('no WebAssembly here (WXWebAssembly, QQWebAssembly, TTWebAssembly): weapp-login/miniprogram-js runs without')
}

module.exports = { platformWebAssembly }
