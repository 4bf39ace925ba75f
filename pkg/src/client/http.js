'use strict'
// One HTTP exchange through `wx.request` or `wx.uploadFile`: the reply is
// read by the core, and a non-2xx reply rejects with a WeappLoginError that
// keeps its `status` and `data` (and the server's message, when it sent one).

const { WeappLoginError } = require('../errors')
const { callWx } = require('./wx')

/** Time given to wx beyond its own `timeout` before the client's timer fires. */
const GRACE_MS = 2000

/**
 * Sends `options` with `wx[api]` (`request` or `uploadFile`); resolves with
 * the body of a 2xx reply.
 * @param {{ call: Function, ready: () => Promise<void> }} core
 * @param {object} wx
 * @param {'request' | 'uploadFile'} api
 * @param {object} options what wx takes (`url`, `timeout`, …)
 * @param {(info: object) => void} [onRequest] told of every exchange, when it ends
 */
async function exchange (core, wx, api, options, onRequest) {
  const started = Date.now()
  const info = { api, url: options.url, method: api === 'uploadFile' ? 'POST' : options.method }
  let res
  try {
    res = await callWx(core, wx, api, options, options.timeout + GRACE_MS)
  } catch (error) {
    report(onRequest, { ...info, durationMs: Date.now() - started, error })
    throw error
  }
  const status = res && res.statusCode
  const data = api === 'uploadFile' ? parseText(res && res.data) : res && res.data
  report(onRequest, { ...info, durationMs: Date.now() - started, status })
  try {
    core.readReply(status, data) // throws the error a non-2xx reply carries
  } catch (err) {
    throw withReply(err, status, data)
  }
  return data
}

/** `uploadFile` answers text: JSON when it is JSON, the text otherwise. */
function parseText (text) {
  if (typeof text !== 'string') return text
  try { return JSON.parse(text) } catch { return text }
}

/** Keeps the reply on its error: `status`, `data`, and the server's own message. */
function withReply (err, status, data) {
  if (!(err instanceof WeappLoginError)) return err
  err.status = status
  err.data = data
  const sent = data !== null && typeof data === 'object' && data.error !== null && typeof data.error === 'object' ? data.error : null
  if (sent !== null && typeof sent.message === 'string' && sent.message !== '') err.message = sent.message.slice(0, 500)
  return err
}

function report (hook, info) {
  if (typeof hook !== 'function') return
  try { hook(info) } catch { /* a hook's fault is its own */ }
}

module.exports = { exchange, report }
