'use strict'
// Every wx API the client uses goes through here: callback APIs become
// promises, storage calls never throw, and failures become WeappLoginErrors
// classified by the core, keeping WeChat's `errno` and `errMsg`. The wx
// function is always invoked synchronously, so APIs that must run inside a
// tap (getUserProfile) still do.

const { WeappLoginError } = require('../errors')

/** APIs whose failure is a transport fault (ERR_NETWORK / ERR_TIMEOUT). */
const TRANSPORT = new Set(['request', 'uploadFile'])

/**
 * Calls `target[api](options)` now; resolves with its success result.
 * A failure rejects with the core's error for its `errno`/`errMsg`
 * (ERR_USER_DENIED, ERR_NO_PERMISSION, ERR_PRIVACY_DENIED, ERR_PHONE_QUOTA,
 * ERR_TIMEOUT, ERR_WX_FAIL; for `request`/`uploadFile`, ERR_NETWORK or
 * ERR_TIMEOUT), carrying `errno` and `errMsg`. With `limitMs`, an API that
 * never calls back rejects with ERR_TIMEOUT after that long.
 * @param {import('../../dist/client/glue').ClientExports & { ready: () => Promise<void> }} core
 * @param {object} target `wx`, or an object of its (a file system manager)
 * @param {string} api
 * @param {object} [options]
 * @param {number} [limitMs]
 */
function callWx (core, target, api, options = {}, limitMs) {
  let timer = null
  const pending = new Promise((resolve, reject) => {
    let fn
    try { fn = target[api] } catch { fn = undefined }
    if (typeof fn !== 'function') {
      reject(new WeappLoginError('ERR_WX_FAIL', `wx API \`${api}\` is not available here`))
      return
    }
    if (typeof limitMs === 'number') timer = setTimeout(() => reject({ ownTimeout: true }), limitMs)
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
    if (timer !== null && typeof clearTimeout === 'function') clearTimeout(timer)
    if (!r.ok) throw classify(core, api, r.error)
    return r.value
  })
}

/** A marker for a wx `fail` result, classified once the core is ready. */
function failure (res) {
  const obj = res !== null && typeof res === 'object' ? res : {}
  const errMsg = typeof obj.errMsg === 'string' ? obj.errMsg : ''
  const out = { wxFailure: true, errMsg }
  if (typeof obj.errno === 'number') out.errno = obj.errno
  return out
}

/**
 * The core's error for what a wx API reported (a `fail` result, an event's
 * `detail`), with its `errno` and `errMsg` kept on it.
 * @param {import('../../dist/client/glue').ClientExports} core
 * @param {string} api
 * @param {{ errMsg?: string, errno?: number }} result
 */
function wxError (core, api, result) {
  let err
  try {
    if (TRANSPORT.has(api)) core.requestFailure(result.errMsg || '')
    else core.checkWxResult({ errMsg: result.errMsg || `${api}:fail`, errno: result.errno })
    err = new WeappLoginError('ERR_WX_FAIL', `wx API \`${api}\` failed`)
  } catch (e) {
    err = e
  }
  return keepWxDetails(err, result)
}

/**
 * Copies a wx result's `errno` and `errMsg` onto `err` (when they are there).
 * @param {unknown} err
 * @param {unknown} result
 */
function keepWxDetails (err, result) {
  if (!(err instanceof WeappLoginError) || result === null || typeof result !== 'object') return err
  let errno, errMsg
  try { ({ errno, errMsg } = result) } catch { return err }
  if (typeof errno === 'number') err.errno = errno
  if (typeof errMsg === 'string' && errMsg !== '') err.errMsg = errMsg
  return err
}

function classify (core, api, e) {
  if (e && e.ownTimeout === true) {
    // Our own timer, not WeChat: no errMsg to keep.
    try { core.requestFailure('timeout') } catch (err) { return err }
  }
  if (e instanceof WeappLoginError || !e || e.wxFailure !== true) return e
  return wxError(core, api, e)
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
    try { wx.removeStorageSync(key); return true } catch { return false }
  }
}

module.exports = { callWx, keepWxDetails, storage }
