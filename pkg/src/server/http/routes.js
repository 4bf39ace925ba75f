'use strict'
// The routes of the HTTP contract, matched on method and path only: nothing
// else about a request is looked at before a route matched.

/** Route name → [method, path, what its body is, whether it needs a Bearer token]. */
const ROUTES = {
  login: ['POST', '/login', 'json', false],
  phone: ['POST', '/phone', 'json', true],
  profile: ['POST', '/profile', 'json', true],
  avatar: ['POST', '/avatar', 'multipart', true],
  logout: ['POST', '/logout', 'json', true],
  me: ['GET', '/me', 'none', true],
  avatarFile: ['GET', '/avatars/:id', 'none', false]
}

const BY_PATH = new Map(Object.entries(ROUTES).filter(([, r]) => !r[1].includes(':')).map(([name, r]) => [r[1], name]))
const AVATARS = '/avatars/'
const AVATAR_ID = /^[A-Za-z0-9_-]{1,128}$/

/**
 * The route a method and path name, `{ name, method, body, bearer, id? }`;
 * `{ allow }` when the path is one of ours but the method is not; else null.
 * @param {string} method
 * @param {string} path without the query and the base path
 */
function matchRoute (method, path) {
  let name = BY_PATH.get(path)
  let id
  if (name === undefined && path.startsWith(AVATARS)) {
    id = path.slice(AVATARS.length)
    if (!AVATAR_ID.test(id)) return null
    name = 'avatarFile'
  }
  if (name === undefined) return null
  const [want, , body, bearer] = ROUTES[name]
  if (method !== want && !(want === 'GET' && method === 'HEAD')) return { allow: want }
  return { name, method: want, body, bearer, id }
}

/**
 * The path after `basePath`, or null when the path is not under it.
 * @param {string} url a request's path, with or without its query
 * @param {string} basePath '' or '/api' (no trailing slash)
 */
function localPath (url, basePath) {
  const q = url.indexOf('?')
  const path = q < 0 ? url : url.slice(0, q)
  if (basePath === '') return path
  if (path === basePath) return '/'
  return path.startsWith(basePath + '/') ? path.slice(basePath.length) : null
}

/** Every [method, path] pattern, for routers that register routes (Fastify). */
function routeList () {
  return Object.values(ROUTES).map(([method, path]) => [method, path])
}

module.exports = { matchRoute, localPath, routeList, ROUTES }
