'use strict'
// An Express app (4 or 5) as people write one: express.json() for the whole
// app, the handler under /api with its error middleware, and routes of the
// app's own under the same prefix.
const http = require('node:http')
const { listen } = require('./servers')

/** express.json() in front reads every JSON body (the handler must take it as parsed). */
async function mountExpress (express, auth, options) {
  const app = express()
  app.use(express.json())
  const api = auth.handler(options)
  app.use('/api', api, api.errorHandler)
  app.post('/api/echo', express.text(), (req, res) => res.json({ type: req.get('content-type'), body: req.body }))
  app.get('/api/private', auth.requireSession(), (req, res) => res.json({ session: req.session }))
  return listen(http.createServer(app))
}

module.exports = { mountExpress }
