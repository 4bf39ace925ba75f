'use strict'
// The hand-written baseline for `POST /login` on Redis: what a developer
// writes with node:http, node:crypto and node-redis alone. It trades the code
// (jscode2session, over keep-alive node:http as handler() calls WeChat:
// ./upstream-client), keeps the session under the token's SHA-256 and the
// user's session key, both with a TTL, in one MULTI (one round trip), and
// answers the token. No retries, no code lock, no key ring, no limits.

const crypto = require('node:crypto')
const http = require('node:http')
const { createClient } = require('redis')
const { getJson } = require('./upstream-client')

const TTL = 7 * 24 * 3600

/**
 * @param {{ apiBase: string, redisUrl: string, appId: string, appSecret: string, prefix?: string }} o
 * @returns {Promise<http.Server>} listening is the caller's
 */
async function baselineRedisServer ({ apiBase, redisUrl, appId, appSecret, prefix = 'base:' }) {
  const redis = createClient({ url: redisUrl })
  redis.on('error', () => {})
  await redis.connect()
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', async () => {
      const send = (status, obj) => { const t = JSON.stringify(obj); res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(t) }); res.end(t) }
      try {
        if (req.method !== 'POST' || req.url !== '/login') return send(404, {})
        const { code } = JSON.parse(body || '{}')
        if (typeof code !== 'string') return send(400, { error: { code: 'ERR_INVALID_ARGUMENT' } })
        const r = await getJson(`${apiBase}/sns/jscode2session?${new URLSearchParams({ appid: appId, secret: appSecret, js_code: code, grant_type: 'authorization_code' })}`)
        if (r.errcode) return send(400, { error: { code: 'ERR_UPSTREAM_API' } })
        const token = crypto.randomBytes(32).toString('base64url')
        const expiresAt = Date.now() + TTL * 1000
        await redis.multi()
          .set(`${prefix}t:${crypto.createHash('sha256').update(token).digest('hex')}`, JSON.stringify({ openid: r.openid, exp: expiresAt }), { EX: TTL })
          .set(`${prefix}k:${r.openid}`, r.session_key, { EX: TTL })
          .exec()
        send(200, { token, openid: r.openid, expiresAt })
      } catch {
        send(503, { error: { code: 'ERR_STORE_UNAVAILABLE' } })
      }
    })
  })
  server.on('close', () => { redis.quit().catch(() => {}) })
  return server
}

module.exports = { baselineRedisServer }
