'use strict'
// Every wx API the client uses goes through here: callback APIs become
// promises, storage calls never throw, and failures become WeappLoginErrors
// classified by the core. The wx function is always invoked synchronously,
// so APIs that must run inside a tap (getUserProfile) still do.

const { WeappLoginError } = require('../errors')

/**
 * Calls `target[api](options)` now; resolves with its success result.
 * A failure rejects with the core's error for its errMsg (ERR_USER_DENIED,
 * ERR_NO_PERMISSION, ERR_WX_FAIL; for `request`, ERR_NETWORK or ERR_TIMEOUT).
 * @param {{ call: Function, ready: () => Promise<void> }} core
 * @param {object} target `wx`, or an object of its (a file system manager)
 * @param {string} api
 * @param {object} [options]
 */
function callWx (core, target, api, options = {}) {
  const pending = new Promise((resolve, reject) => {
    let fn
    try { fn = target[api] } catch { fn = undefined }
    if (typeof fn !== 'function') {
      reject(new WeappLoginError('ERR_WX_FAIL', `wx API \`${api}\` is not available here`))
      return
    }
    try {
      const returned = fn.call(target, { ...options, success: resolve, fail: (res) => reject(failure(res)) })
      // Taro's APIs also answer with a promise that rejects on `fail`:
      // the callbacks report it, so that promise must not go unhandled.
      if (returned && typeof returned.then === 'function') returned.then(undefined, () => {})
    } catch (cause) {
      reject(new WeappLoginError('ERR_WX_FAIL', `wx API \`${api}\` threw`, { cause }))
    }
  })
  // Settle at once (no unhandled rejection while the core loads), classify after.
  const settled = pending.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }))
  return core.ready().then(() => settled).then((r) => {
    if (!r.ok) throw classify(core, api, r.error)
    return r.value
  })
}

/** A marker for a wx `fail` result, classified once the core is ready. */
function failure (res) {
  const errMsg = res !== null && typeof res === 'object' && typeof res.errMsg === 'string' ? res.errMsg : ''
  return { wxFailure: true, errMsg }
}

function classify (core, api, e) {
  if (e instanceof WeappLoginError || !e || e.wxFailure !== true) return e
  try {
    if (api === 'request') core.call('request_failure', [e.errMsg])
    else core.call('check_wx_result', [e.errMsg || `${api}:fail`])
  } catch (err) {
    return err
  }
  return new WeappLoginError('ERR_WX_FAIL', `wx API \`${api}\` failed`)
}

/** Synchronous storage that never throws: `''` when absent or unreadable. */
const storage = {
  get (wx, key) {
    try { return wx.getStorageSync(key) } catch { return '' }
  },
  set (wx, key, value) {
    try { wx.setStorageSync(key, value); return true } catch { return false }
  },
  remove (wx, key) {
    try { wx.removeStorageSync(key) } catch { /* nothing to remove */ }
  }
}

module.exports = { callWx, storage }
