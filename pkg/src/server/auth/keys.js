'use strict'
// Every store key of one app: `<prefix><appId>:…`, so several mini programs
// can share one store with the default prefix. A user's own keys carry a
// Redis Cluster hash tag `{<openid>}`, so they share one slot and different
// users spread over the cluster; no operation spans two slots. A login
// code's kept result and its lock share the tag `{<code id>}` likewise.

/**
 * @param {string} prefix
 * @param {string} appId
 */
function keysOf (prefix, appId) {
  const app = `${prefix}${appId}:`
  return {
    /** `<prefix><appId>:<suffix>`: a key of this app. */
    of: (suffix) => app + suffix,
    /** A session, by the hash of its token. */
    token: (hash) => `${app}t:${hash}`,
    /** A login code's kept result or refusal, by the code's id (tagged `{id}`: one slot with its lock). */
    code: (id) => `${app}c:{${id}}`,
    /** The lock of a login code's exchange. */
    codeLock: (id) => `${app}lock:c:{${id}}`,
    /** A phone code's kept result or refusal. */
    phoneCode: (id) => `${app}pc:${id}`,
    /** The user's key ring. */
    ring: (openid) => `${app}{${openid}}:k`,
    /** The user's record: flags, user object, userId. */
    user: (openid) => `${app}{${openid}}:u`,
    /** The user's live sessions (token hashes by expiry). */
    sessions: (openid) => `${app}{${openid}}:s`,
    /** The user's /phone counter. */
    phoneLimit: (openid) => `${app}{${openid}}:rl:phone`,
    /** The user's avatar upload counter. */
    avatarLimit: (openid) => `${app}{${openid}}:rl:avatar`,
    /** The access token, its lock and the forced refresh's cooldown. */
    accessToken: `${app}at`,
    accessTokenLock: `${app}lock:at`,
    forcedRefresh: `${app}at:forced`,
    /** The user's one kept avatar image, by the user's avatar tag (a hash of the openid). */
    avatar: (tag) => `${app}av:${tag}`
  }
}

module.exports = { keysOf }
