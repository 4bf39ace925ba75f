'use strict'
// One-line glue for frameworks whose middleware is not `(req, res, next)`:
//   Koa:      app.use(toKoa(auth.handler()))            app.use(toKoa(auth.requireSession()))  → ctx.state.session
//   Fastify:  app.register(toFastify(auth.handler()), { prefix: '/api' })
//             app.addHook('preHandler', toFastify(auth.requireSession()))                       → request.session

const { routeList } = require('./routes')
const { invalidArgument } = require('../../errors')

const SERVE = Symbol.for('weapp-login.serve')

function inner (middleware, name) {
  let built
  try { built = typeof middleware === 'function' ? middleware[SERVE] : undefined } catch { built = undefined }
  if (built === undefined) throw invalidArgument('middleware', { why: `${name} takes auth.handler() or auth.requireSession()` })
  return built
}

/**
 * A Koa middleware from `auth.handler()` or `auth.requireSession()`. The
 * handler takes the body koa-bodyparser parsed (`ctx.request.body`); the
 * session lands in `ctx.state.session`.
 * @example
 * app.use(bodyParser()); app.use(toKoa(auth.handler({ basePath: '/api' })))
 * @param {import('../types.mjs').NodeMiddleware} middleware
 * @returns {(ctx: any, next: () => Promise<unknown>) => Promise<unknown>}
 */
function toKoa (middleware) {
  const { kind, serve } = inner(middleware, 'toKoa')
  return async function weappLogin (ctx, next) {
    let passed = false
    if (kind === 'handler') {
      await serve(ctx.req, ctx.res, () => { passed = true }, { body: ctx.request.body, base: '' })
      if (!passed) { ctx.respond = false; return }
      return next()
    }
    await serve(ctx.req, ctx.res, () => { passed = true })
    if (!passed) { ctx.respond = false; return }
    ctx.state.session = ctx.req.session
    return next()
  }
}

/**
 * Fastify: from `auth.handler()`, a plugin that registers exactly the
 * contract's routes (under the prefix it is registered with) and reads their
 * bodies itself (its own limits, its own errors); from
 * `auth.requireSession()`, a preHandler hook that sets `request.session`.
 * @example
 * app.register(toFastify(auth.handler()), { prefix: '/api' })
 * @param {import('../types.mjs').NodeMiddleware} middleware
 * @returns {(...args: any[]) => any}
 */
function toFastify (middleware) {
  const { kind, serve, options } = inner(middleware, 'toFastify')
  if (kind === 'session') {
    return function weappLoginSession (request, reply, done) {
      let passed = false
      serve(request.raw, reply.raw, () => { passed = true }).then(() => {
        if (!passed) { reply.hijack(); return }
        request.session = request.raw.session
        done()
      }, done)
    }
  }
  async function weappLoginRoutes (instance) {
    // In this plugin's own context only: the bodies of our routes are ours to read.
    instance.removeAllContentTypeParsers()
    instance.addContentTypeParser('*', (request, payload, done) => done(null))
    const base = (instance.prefix || '') + options.basePath
    for (const [method, path] of routeList()) {
      const url = options.basePath + path
      const methods = options.cors === null ? [method] : [method, 'OPTIONS']
      instance.route({
        method: methods,
        url,
        handler (request, reply) {
          reply.hijack()
          const local = path.includes(':id') ? `/avatars/${request.params.id}` : path
          return serve(request.raw, reply.raw, () => { reply.raw.statusCode = 404; reply.raw.end() }, { body: request.body, path: local, base })
        }
      })
    }
  }
  return weappLoginRoutes
}

module.exports = { toKoa, toFastify }
