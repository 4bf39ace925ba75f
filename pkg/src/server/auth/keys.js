'use strict'
// Every store key of one app: `<prefix><appId>:…` for a WeChat app,
// `<prefix><appId>@<platform>:…` for another platform's, so several mini
// programs on several platforms can share one store with the default prefix. A user's own keys carry a
// Redis Cluster hash tag `{<openid>}`, so they share one slot and different
// users spread over the cluster; no operation spans two slots. A login
// code's kept result and its lock share the tag `{<code id>}` likewise.
// The forms are the core's (`rules().storeKeys`, src/server/rules/store_keys.rs),
// read once: building a key costs no call into the wasm.

const { storeKeys: FORMS } = require('../../../dist/rules.json')

/** A key builder of kind `form` under `app`: `app + before + id + after`. */
function keyed (app, { before, after }) {
  const head = app + before
  return after === '' ? (id) => head + id : (id) => head + id + after
}

/**
 * @param {string} prefix
 * @param {string} appId
 * @param {string} [platform] a name the core checked; `weixin` by default
 */
function keysOf (prefix, appId, platform = 'weixin') {
  const app = platform === 'weixin' ? `${prefix}${appId}${FORMS.appEnd}` : `${prefix}${appId}${FORMS.platformMark}${platform}${FORMS.appEnd}`
  const own = (form) => app + form.before + form.after
  return {
    /** `<prefix><appId>:<suffix>`: a key of this app. */
    of: (suffix) => app + suffix,
    /** A session, by the hash of its token. */
    token: keyed(app, FORMS.token),
    /** A login code's kept result or refusal, by the code's id (tagged `{id}`: one slot with its lock). */
    code: keyed(app, FORMS.code),
    /** The lock of a login code's exchange. */
    codeLock: keyed(app, FORMS.codeLock),
    /** A phone code's kept result or refusal. */
    phoneCode: keyed(app, FORMS.phoneCode),
    /** The lock of a phone code's upstream call. */
    phoneCodeLock: keyed(app, FORMS.phoneCodeLock),
    /** The user's key ring. */
    ring: keyed(app, FORMS.ring),
    /** The user's record: flags, user object, userId. */
    user: keyed(app, FORMS.user),
    /** The user's live sessions (token hashes by expiry). */
    sessions: keyed(app, FORMS.sessions),
    /** The user's /phone counter. */
    phoneLimit: keyed(app, FORMS.phoneLimit),
    /** The user's avatar upload counter. */
    avatarLimit: keyed(app, FORMS.avatarLimit),
    /** The lock that lets one change to the user's record at a time read, change and write it. */
    userLock: keyed(app, FORMS.userLock),
    /** The access token, its lock and the forced refresh's cooldown. */
    accessToken: own(FORMS.accessToken),
    accessTokenLock: own(FORMS.accessTokenLock),
    forcedRefresh: own(FORMS.forcedRefresh),
    /** The user's one kept avatar image, by the user's avatar tag (a hash of the openid). */
    avatar: keyed(app, FORMS.avatar),
    /** createCloudAuth's user record (no hash tag). */
    cloudUser: keyed(app, FORMS.cloudUser),
    /** The lock of createCloudAuth's user record. */
    cloudUserLock: keyed(app, FORMS.cloudUserLock),
    /** createCloudAuth's phone counter. */
    cloudPhoneLimit: keyed(app, FORMS.cloudPhoneLimit),
    /** createCloudAuth's avatar upload counter. */
    cloudAvatarLimit: keyed(app, FORMS.cloudAvatarLimit)
  }
}

module.exports = { keysOf }
