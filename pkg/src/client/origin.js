'use strict'
// Which URLs the session token may travel to: the developer server's origin
// (`baseUrl`'s) and any origin the app lists in `tokenOrigins`. Mini
// programs have no `URL` class, so origins are read by hand, strictly:
// anything unusual (user info, backslashes, an odd port) matches nothing.

const DEFAULT_PORTS = { http: '80', https: '443' }

/**
 * The origin of an absolute http(s) URL, `scheme://host[:port]` lowercased
 * with the scheme's default port dropped; `null` for anything else.
 * @param {unknown} url
 * @returns {string | null}
 */
function originOf (url) {
  if (typeof url !== 'string') return null
  const m = /^(https?):\/\/([^/?#]*)/i.exec(url)
  if (m === null) return null
  const scheme = m[1].toLowerCase()
  const authority = m[2].toLowerCase()
  const hp = /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::([0-9]{1,5}))?$/.exec(authority)
  if (hp === null || hp[1] === '') return null
  const port = hp[2] === undefined || hp[2] === DEFAULT_PORTS[scheme] ? '' : ':' + String(Number(hp[2]))
  return `${scheme}://${hp[1]}${port}`
}

/**
 * Whether `url` is an absolute http(s) URL whose origin is one of `origins`.
 * @param {unknown} url
 * @param {Set<string>} origins
 */
function underOrigins (url, origins) {
  const origin = originOf(url)
  return origin !== null && origins.has(origin)
}

module.exports = { originOf, underOrigins }
