'use strict'
// The first frame: the state a page renders before the core is loaded,
// read synchronously from storage. The core writes it beside the session
// (the envelope's `view`, src/client/frame.rs) and says how to read it
// (rules.json's `client.frame`); this file only reads what is there. It is
// display only: the core confirms or corrects it once loaded.

const { client: RULES } = require('../../dist/rules.json')

const FRAME = RULES.frame
const APP_ID = new RegExp(`^[A-Za-z0-9${FRAME.appId.extraCharacters.replace(/[-\\\]^]/g, '\\$&')}]{${FRAME.appId.minLength},${FRAME.appId.maxLength}}$`)

/**
 * The storage key of `appId`'s session, or `null` for an appId the core
 * would refuse (it says why once loaded).
 * @param {unknown} appId
 * @returns {string | null}
 */
function frameKey (appId) {
  return typeof appId === 'string' && APP_ID.test(appId) ? FRAME.keyBefore + appId + FRAME.keyAfter : null
}

/** The state before anything is restored: the machine's initial view, a fresh copy. */
function signedOutView () {
  return { ...RULES.signedOut, user: {} }
}

/** Whether `value` is a plain object (not an array, not null). */
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * The first frame in a stored entry at `nowMs`: its `view` while the
 * envelope is of this version and has not ended, with every field of the
 * core's shape; otherwise the signed-out view. Never throws.
 * @param {unknown} stored what storage holds under {@link frameKey} (the object, or its JSON text)
 * @param {number} nowMs
 * @returns {import('./types.mjs').LoginState}
 */
function firstFrame (stored, nowMs) {
  try {
    const f = FRAME.fields
    if (typeof stored === 'string' && stored !== '') stored = JSON.parse(stored) // kept as JSON text by some hosts
    if (!isObject(stored) || stored[f.version] !== FRAME.version) return signedOutView()
    const exp = stored[f.expires]
    const view = stored[f.view]
    if (typeof exp !== 'number' || !(exp > nowMs) || !isObject(view)) return signedOutView()
    for (const name of Object.keys(FRAME.view)) {
      const type = FRAME.view[name]
      if (type === 'object' ? !isObject(view[name]) : typeof view[name] !== type) return signedOutView()
    }
    return view
  } catch {
    return signedOutView() // a getter that throws: nothing usable
  }
}

/**
 * Whether two states show the same (JSON values compared in depth): the
 * core's state after the launch confirms a first frame equal to it.
 * @param {unknown} a
 * @param {unknown} b
 * @returns {boolean}
 */
function sameView (a, b) {
  if (a === b) return true
  if (!isObject(a) || !isObject(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((x, i) => sameView(x, b[i]))
  }
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameView(a[k], b[k]))
}

module.exports = { frameKey, firstFrame, signedOutView, sameView }
