'use strict'
// The contract on Koa with koa-bodyparser in front (the handler takes
// ctx.request.body as parsed), through the one-line adapter toKoa.
const http = require('node:http')
const { toKoa } = require('weapp-login')
const { contractSuite } = require('./suite')
const { listen, readText } = require('./servers')

const [major] = process.versions.node.split('.').map(Number)

contractSuite('Koa + koa-bodyparser', async (auth, options) => {
  const Koa = require('koa')
  const bodyParser = require('koa-bodyparser')
  const app = new Koa()
  app.use(bodyParser())
  app.use(toKoa(auth.handler({ ...options, basePath: '/api' })))
  const guard = toKoa(auth.requireSession())
  app.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/api/echo') {
      const type = ctx.get('content-type')
      ctx.body = { type, body: type === 'application/json' ? ctx.request.body : await readText(ctx.req) }
    } else if (ctx.path === '/api/private') {
      await guard(ctx, async () => { ctx.body = { session: ctx.state.session } })
    } else await next()
  })
  return listen(http.createServer(app.callback()))
}, {
  skip: major < 18 && 'Koa 3 needs Node 18',
  parserErrors: false, // koa-bodyparser in front answers malformed JSON itself (mount toKoa before it to get ours)
  slowBody: false // koa-bodyparser in front reads the body
})

contractSuite('Koa, the handler before koa-bodyparser', async (auth, options) => {
  const Koa = require('koa')
  const bodyParser = require('koa-bodyparser')
  const app = new Koa()
  app.use(toKoa(auth.handler({ ...options, basePath: '/api' })))
  app.use(bodyParser({ enableTypes: ['json', 'text'] }))
  const guard = toKoa(auth.requireSession())
  app.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/api/echo') ctx.body = { type: ctx.get('content-type'), body: ctx.request.body }
    else if (ctx.path === '/api/private') await guard(ctx, async () => { ctx.body = { session: ctx.state.session } })
    else await next()
  })
  return listen(http.createServer(app.callback()))
}, { skip: major < 18 && 'Koa 3 needs Node 18' })
