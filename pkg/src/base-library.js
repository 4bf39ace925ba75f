'use strict'
// The oldest WeChat base library the mini program build runs on. The build
// ships its wasm as `.wasm.br` only (tools/build-client.js), which
// WXWebAssembly.instantiate accepts from base library 2.14.0 on.

const { WeappLoginError } = require('./errors')

/** The minimum base library (`SDKVersion`) of the mini program build. */
const MIN_BASE_LIBRARY = '2.14.0'

/** `a < b` for dotted version strings (`'2.13.2' < '2.14.0'`). */
function older (a, b) {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] || 0) - (y[i] || 0)
    if (d !== 0) return d < 0
  }
  return false
}

/**
 * The running base library's version, read from the global `wx`
 * (`getAppBaseInfo`, or `getSystemInfoSync` before 2.25.3); `undefined`
 * where there is none to read (tests, other hosts).
 */
function baseLibraryVersion () {
  // A free variable on purpose: mini programs provide `wx` as a global.
  // eslint-disable-next-line no-undef
  const host = typeof wx !== 'undefined' ? wx : undefined
  if (!host) return undefined
  for (const api of ['getAppBaseInfo', 'getSystemInfoSync']) {
    try {
      const info = typeof host[api] === 'function' ? host[api]() : undefined
      const version = info && info.SDKVersion
      if (typeof version === 'string' && /^\d+(\.\d+)*$/.test(version)) return version
    } catch { /* try the next one */ }
  }
  return undefined
}

/**
 * Throws ERR_WX_FAIL when the base library is known to be older than
 * {@link MIN_BASE_LIBRARY}; an unknown version passes (the loader then
 * reports what went wrong).
 * @param {string | undefined} [version] defaults to the running one
 */
function checkBaseLibrary (version = baseLibraryVersion()) {
  if (version !== undefined && older(version, MIN_BASE_LIBRARY)) {
    throw new WeappLoginError('ERR_WX_FAIL', `weapp-login needs base library ${MIN_BASE_LIBRARY} or later (this is ${version}): set the minimum in the mini program's admin console`)
  }
}

module.exports = { MIN_BASE_LIBRARY, checkBaseLibrary, baseLibraryVersion, older }
