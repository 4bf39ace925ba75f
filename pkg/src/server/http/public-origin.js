'use strict'
// The server's own public origin (`https://api.example.com`), read from the
// request, for the URLs it answers (kept avatars) when `avatarBaseUrl` is
// not set. A forwarded header (X-Forwarded-Proto, X-Forwarded-Host,
// Forwarded) is believed only when the app trusts its proxies (`trustProxy`
// hops, as for the client's address); a request that came through a proxy
// it does not trust has no origin it can know (null).

/** `host[:port]`: a name or an IPv4 address, or a bracketed IPv6 address. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/

/** The entry of a comma list that `hops` trusted proxies vouch for (the `hops`-th from the right). */
function vouched (value, hops) {
  if (typeof value !== 'string') return undefined
  const list = value.split(',').map((s) => s.trim()).filter((s) => s !== '')
  return list.length === 0 ? undefined : list[Math.max(0, list.length - hops)]
}

/**
 * The public origin of a request, or null when it cannot be known.
 * @param {{ scheme: string, host?: string | null, header: (name: string) => string | undefined, trustProxy: number }} from
 *   `scheme` and `host` as the request reached this server (the socket's
 *   TLS, the Host header; or the URL a fetch runtime saw), `header` its headers
 * @returns {string | null}
 * @example
 * publicOrigin({ scheme: 'http', host: '10.0.0.5:3000', header: (n) => ({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example.com' })[n], trustProxy: 1 })
 * // 'https://api.example.com'
 */
function publicOrigin ({ scheme, host, header, trustProxy }) {
  const forwardedProto = header('x-forwarded-proto')
  const forwardedHost = header('x-forwarded-host')
  const proxied = forwardedProto !== undefined || forwardedHost !== undefined || header('x-forwarded-for') !== undefined || header('forwarded') !== undefined
  let s = scheme
  let h = host
  if (proxied) {
    if (!(trustProxy > 0)) return null // a proxy we were not told to trust: its public name is unknown
    s = vouched(forwardedProto, trustProxy) || s
    h = vouched(forwardedHost, trustProxy) || h
  }
  s = typeof s === 'string' ? s.toLowerCase() : ''
  if ((s !== 'https' && s !== 'http') || typeof h !== 'string' || !HOST.test(h)) return null
  return `${s}://${h.toLowerCase()}`
}

module.exports = { publicOrigin }
