'use strict'
// createAuth: the server side, on a given core.

const { createAuthWith } = require('./auth')
const { createHandler } = require('./handler')

/**
 * @param {{ call: Function }} core
 * @param {object} options see createAuth
 */
function createAuthOn (core, options) {
  const auth = createAuthWith(core, options)
  let statuses = null
  return {
    ...auth,
    /**
     * The HTTP handler: `http.createServer(auth.handler())` or `app.use('/api', auth.handler())`.
     * @param {{ bodyLimit?: number, cors?: false | { origin: string }, basePath?: string }} [options]
     */
    handler (options) {
      if (statuses === null) statuses = new Map(core.call('error_codes', []).map((r) => [r.code, r.httpStatus]))
      return createHandler(auth, statuses, options)
    }
  }
}

module.exports = { createAuthOn }
