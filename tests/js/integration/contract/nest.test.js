'use strict'
// The contract on NestJS (Express platform): the handler and its error
// middleware with app.use('/api', …), requireSession on a route of the app's
// own; Nest's JSON body parser runs in front. Decorators applied by hand
// (this file is plain JavaScript).
const { contractSuite } = require('./suite')

const [major] = process.versions.node.split('.').map(Number)

async function mountNest (auth, options) {
  require('reflect-metadata')
  const { NestFactory } = require('@nestjs/core')
  const { Module, Controller, Post, Get, Body, Req, Headers, HttpCode } = require('@nestjs/common')

  class AppController {
    echo (body, type) { return { type, body } }
    secret (req) { return { session: req.session } }
  }
  const decorate = (name, ...decorators) => {
    const descriptor = Object.getOwnPropertyDescriptor(AppController.prototype, name)
    for (const d of decorators) d(AppController.prototype, name, descriptor)
  }
  decorate('echo', Post('echo'), HttpCode(200))
  Body()(AppController.prototype, 'echo', 0)
  Headers('content-type')(AppController.prototype, 'echo', 1)
  decorate('secret', Get('private'))
  Req()(AppController.prototype, 'secret', 0)
  Controller('api')(AppController)
  class AppModule {}
  Module({ controllers: [AppController] })(AppModule)

  const app = await NestFactory.create(AppModule, { logger: false, rawBody: false })
  app.useBodyParser('text')
  const api = auth.handler(options)
  app.use('/api', api, api.errorHandler)
  app.use('/api/private', auth.requireSession())
  await app.listen(0, '127.0.0.1')
  const base = `http://127.0.0.1:${app.getHttpServer().address().port}/api`
  return { base, request: (path, init) => fetch(base + path, init), close: () => app.close() }
}

contractSuite('NestJS (Express platform)', mountNest, { skip: major < 20 && 'NestJS 12 needs Node 20', slowBody: false })
