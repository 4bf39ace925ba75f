'use strict'
// The client's address, as a key to count requests by: an IPv4 address as
// dotted decimal, an IPv6 address grouped by its /64 (one home or phone
// network gets one key, however many addresses it rotates through), an
// IPv4-mapped IPv6 address as the IPv4 address. Nothing a client wrote is
// ever used as text: what cannot be parsed as an IP is not an address.
//
// Behind proxies, `trustProxy` is how many of them to trust. Each proxy
// appends the address it saw to X-Forwarded-For, so the entries on the
// right were written by our proxies and those on the left by anyone: the
// client's address is the hops-th entry from the right.

/** Dotted decimal with four parts 0-255, no leading zeros: its own key. */
const IPV4 = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/

/** Dotted decimal with four parts 0-255 (no leading zeros), or null. */
function parseIPv4 (text) {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  const out = []
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null
    const n = Number(p)
    if (n > 255) return null
    out.push(n)
  }
  return out
}

/** The eight 16-bit groups of an IPv6 address (`::`, an IPv4 tail allowed), or null. */
function parseIPv6 (text) {
  if (text.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(text)) return null
  let tail = []
  let body = text
  const lastColon = text.lastIndexOf(':')
  if (text.indexOf('.') >= 0) { // an IPv4 tail: the last 32 bits
    const v4 = parseIPv4(text.slice(lastColon + 1))
    if (v4 === null) return null
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]]
    body = text.slice(0, lastColon + 1) // ends in ':'; drop it unless it is half of '::'
    if (!body.endsWith('::')) body = body.slice(0, -1)
  }
  const halves = body.split('::')
  if (halves.length > 2) return null
  const groups = (part) => part === '' ? [] : part.split(':')
  const head = groups(halves[0])
  const rest = halves.length === 2 ? groups(halves[1]) : []
  for (const g of [...head, ...rest]) if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null
  const given = head.length + rest.length + tail.length
  if (halves.length === 2 ? given > 7 : given !== 8) return null
  const zeros = halves.length === 2 ? 8 - given : 0
  return [...head.map((g) => parseInt(g, 16)), ...Array(zeros).fill(0), ...rest.map((g) => parseInt(g, 16)), ...tail]
}

/**
 * The counting key of one address as written by a socket or a proxy: IPv4
 * (`203.0.113.7`, with or without `:port`), IPv6 (`2001:db8::1`, `[2001:db8::1]:443`,
 * with a zone `%eth0`), IPv4-mapped IPv6. Anything else: null.
 * @param {unknown} text
 * @returns {string | null} `203.0.113.7` or `2001:db8:0:1::/64`
 */
function addressKey (text) {
  if (typeof text !== 'string') return null
  let t = text.trim()
  if (t === '' || t.length > 64) return null
  if (t[0] === '[') { // [v6] or [v6]:port
    const end = t.indexOf(']')
    if (end < 0 || !/^(:[0-9]{1,5})?$/.test(t.slice(end + 1))) return null
    t = t.slice(1, end)
  } else if (/^[0-9.]+:[0-9]{1,5}$/.test(t)) { // v4:port
    t = t.slice(0, t.indexOf(':'))
  }
  const zone = t.indexOf('%')
  if (zone >= 0) t = t.slice(0, zone)
  if (t.indexOf(':') < 0) return IPV4.test(t) ? t : null
  const g = parseIPv6(t)
  if (g === null) return null
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) { // ::ffff:a.b.c.d
    return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join('.')
  }
  // The /64: four groups, lowercase, without leading zeros.
  return `${g.slice(0, 4).map((n) => n.toString(16)).join(':')}::/64`
}

/**
 * The entry of X-Forwarded-For that `hops` trusted proxies vouch for: the
 * hops-th from the right (the leftmost when there are fewer entries: all of
 * them were written by our proxies). Several headers count as one list.
 * @param {string | string[] | undefined | null} header
 * @param {number} hops
 * @returns {string | null} the entry as written, or null when there is none
 */
function forwardedEntry (header, hops) {
  if (!(hops > 0) || header === undefined || header === null) return null
  const text = Array.isArray(header) ? header.join(',') : String(header)
  if (text.indexOf(',') < 0) { const only = text.trim(); return only === '' ? null : only } // one entry (one proxy): the common case
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '')
  if (entries.length === 0) return null
  return entries[Math.max(0, entries.length - hops)]
}

/**
 * The client's address key: the trusted X-Forwarded-For entry when
 * `trustProxy` hops are trusted and that entry parses as an IP, else the
 * socket's address.
 * @param {{ forwardedFor?: string | string[] | null, socketAddress?: string | null, trustProxy?: number | false }} from
 * @returns {string | null}
 * @example
 * clientAddress({ forwardedFor: 'forged, 203.0.113.7', socketAddress: '10.0.0.2', trustProxy: 1 }) // '203.0.113.7'
 */
function clientAddress ({ forwardedFor, socketAddress, trustProxy }) {
  const hops = typeof trustProxy === 'number' ? trustProxy : 0
  const forwarded = addressKey(forwardedEntry(forwardedFor, hops))
  return forwarded !== null ? forwarded : addressKey(socketAddress)
}

/**
 * The network an address key belongs to, counted beside it: an IPv6 /64's
 * enclosing /48 (one site: a tunnel broker or a VPS host hands out whole
 * /48s, 65,536 /64s each). IPv4 addresses have none: a /24 is often many
 * unrelated users behind carrier NAT.
 * @param {string} key what addressKey answered
 * @returns {string | null} `2001:db8:0::/48`, or null
 * @example
 * networkOf('2001:db8:0:1::/64') // '2001:db8:0::/48'
 */
function networkOf (key) {
  if (!key.endsWith('::/64')) return null
  return `${key.split(':', 3).join(':')}::/48`
}

/** Loopback and private (RFC 1918, unique local) address keys: a proxy's, not a client's, when they forward. */
function isPrivate (key) {
  if (key.endsWith('/64')) return /^f[cd][0-9a-f]{2}:/.test(key) || key === '0:0:0:0::/64'
  return /^(10|127)\./.test(key) || /^192\.168\./.test(key) || /^172\.(1[6-9]|2[0-9]|3[01])\./.test(key)
}

module.exports = { addressKey, forwardedEntry, clientAddress, networkOf, isPrivate }
