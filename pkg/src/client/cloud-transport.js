'use strict'
// The client's requests, sent to a cloud function (WeChat Cloud Development)
// instead of a developer server: `wx.cloud.callFunction({ name, data: {
// action, ...body, token } })`. The function (createCloudAuth) answers the
// HTTP contract's values as `{ ok: true, ... }` or `{ error: { code, message,
// retryable } }`; the core reads them as it reads HTTP replies. The caller's
// identity is what the platform injects into the function (its OPENID), so
// the token sent along only carries the session's expiry.

const { WeappLoginError, invalidArgument } = require('../errors')
const { readOptions } = require('../options')
const { callWx } = require('./wx')

/** The contract's routes, as cloud function actions. */
const ACTIONS = {
  'POST /login': 'login',
  'POST /phone': 'phone',
  'POST /profile': 'profile',
  'POST /avatar': 'avatar', // the chosen file as `{ base64 }`: multipart has no place in callFunction's data
  'POST /logout': 'logout',
  'GET /me': 'me'
}


/**
 * Reads the client's `cloud` option: `{ name, env? }`.
 * @param {unknown} option
 * @returns {{ name: string, env?: string }}
 */
function readCloudOption (option) {
  const [name, env] = readOptions(option, ['name', 'env'], 'cloud')
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,60}$/.test(name)) throw invalidArgument('cloud.name', { mustBe: 'the cloud function\'s name' })
  if (env !== undefined && (typeof env !== 'string' || env === '' || env.length > 128)) throw invalidArgument('cloud.env', { mustBe: 'a cloud environment id' })
  return env === undefined ? { name } : { name, env }
}

/**
 * A transport that calls the cloud function.
 * @param {{ call: Function }} core the loaded client core
 * @param {object} wx `wx`, with `wx.cloud` (the app calls `wx.cloud.init` first)
 * @param {{ name: string, env?: string }} cloud from readCloudOption
 * @param {number} timeout ms before a call counts as lost (ERR_TIMEOUT)
 */
function createCloudTransport (core, wx, cloud, timeout) {
  /** One call of the function; resolves with its `result`. Failures are the core's ERR_NETWORK / ERR_TIMEOUT. */
  function callFunction (data) {
    return new Promise((resolve, reject) => {
      const lost = (errMsg) => {
        clearTimeout(timer)
        try { core.requestFailure(errMsg) } catch (e) { reject(e); return }
        reject(new WeappLoginError('ERR_NETWORK', 'the cloud function could not be called'))
      }
      const timer = setTimeout(lost, timeout, 'cloud.callFunction:fail timeout')
      let target
      try { target = wx.cloud } catch { target = undefined }
      if (target === null || typeof target !== 'object' || typeof target.callFunction !== 'function') {
        clearTimeout(timer)
        reject(new WeappLoginError('ERR_WX_FAIL', 'wx.cloud is not available here (base library ≥ 2.2.3 with Cloud Development)'))
        return
      }
      const options = { name: cloud.name, data }
      if (cloud.env !== undefined) options.config = { env: cloud.env }
      options.success = (res) => { clearTimeout(timer); resolve(res === null || typeof res !== 'object' ? undefined : res.result) }
      options.fail = (res) => lost(res !== null && typeof res === 'object' && typeof res.errMsg === 'string' ? res.errMsg : 'cloud.callFunction:fail')
      try {
        target.callFunction(options)
      } catch (cause) {
        lost('cloud.callFunction:fail')
      }
    })
  }

  /**
   * Sends one contract request (`{ url: '/login', method: 'POST', data }`) as
   * an action; resolves with the answer the HTTP reply would have carried.
   * @param {{ url: string, method?: string, data?: object }} options
   * @param {string | null | undefined} token
   */
  async function send (options, token) {
    const [path, method = 'GET', body] = readOptions(options, ['url', 'method', 'data'])
    const action = typeof path === 'string' && typeof method === 'string' ? ACTIONS[`${method.toUpperCase()} ${path}`] : undefined
    if (action === undefined) throw invalidArgument('url', { why: 'not one of the cloud function\'s actions (/login, /phone, /profile, /avatar, /logout, GET /me)' })
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) throw invalidArgument('data', { mustBe: 'an object' })
    const data = { ...body, action }
    if (token) data.token = token
    const result = await callFunction(data)
    if (result !== null && typeof result === 'object' && result.ok === true) {
      const { ok, ...answer } = result
      return answer
    }
    // An error answer (or anything else) is read as a refused reply: its code when it is one of ours.
    core.readReply(400, result === undefined ? null : result)
    throw new WeappLoginError('ERR_PAYLOAD_SHAPE', 'the cloud function answered neither { ok } nor { error }')
  }

  /**
   * The client's seam (`callServer`): `{ path, method?, data?, filePath? }`.
   * A chosen avatar file is read (wx's file system manager) and sent as
   * `{ base64 }`: callFunction's data has no place for multipart.
   * @param {{ path: string, method?: string, data?: object, filePath?: string }} request
   * @param {string | null | undefined} token
   */
  async function call (request, token) {
    if (request.filePath === undefined) return send({ url: request.path, method: request.method || 'GET', data: request.data }, token)
    let fs
    try { fs = wx.getFileSystemManager() } catch { fs = null }
    const file = await callWx(core, fs || {}, 'readFile', { filePath: request.filePath, encoding: 'base64' })
    return send({ url: request.path, method: 'POST', data: { base64: file.data } }, token)
  }

  return { send, call }
}

module.exports = { createCloudTransport, readCloudOption }
