'use strict'
// createAuth: the server side, on a given core.

const { createAuthWith } = require('./auth/create-auth')
const { createHandler } = require('./http/node-handler')
const { createFetchHandler } = require('./http/fetch-handler')
const { createSessionTools } = require('./http/require-session')
const { readOptions } = require('../options')

/**
 * @param {typeof import('../loader/server')} core
 * @param {object} options see createAuth
 */
function createAuthOn (core, options) {
  const auth = createAuthWith(core, options)
  // Whose avatar URLs these are: the app's (`avatarBaseUrl`, or its
  // `onAvatar` hook), or the handlers' to answer under the request's origin.
  const [avatarBaseUrl, onAvatar] = readOptions(options, ['avatarBaseUrl', 'onAvatar'])
  const deployment = { avatarUrlsGiven: (typeof avatarBaseUrl === 'string' && avatarBaseUrl !== '') || typeof onAvatar === 'function' }
  let tools = null
  const sessions = () => { if (tools === null) tools = createSessionTools(auth); return tools }
  return {
    ...auth,
    /**
     * The HTTP handler: `http.createServer(auth.handler())` or `app.use('/api', auth.handler())`.
     * @param {import('../../index').HandlerOptions} [options]
     */
    handler (options) {
      return createHandler(auth, options, deployment)
    },
    /**
     * The same routes as a fetch handler: `(request) => Promise<Response>`.
     * @param {import('../../index').FetchHandlerOptions} [options]
     */
    fetchHandler (options) {
      return createFetchHandler(auth, options, deployment)
    },
    /** `(req, res, next)` middleware: `req.session`, or the JSON 401/503. */
    requireSession () {
      return sessions().requireSession()
    },
    /** The session of a request's Bearer token (fetch Request or node:http request). */
    sessionFromRequest (request) {
      return sessions().sessionFromRequest(request)
    },
    /** A failed session lookup (or any WeappLoginError) as the JSON Response the handler would give. */
    errorResponse (error) {
      return sessions().errorResponse(error)
    }
  }
}

module.exports = { createAuthOn }
