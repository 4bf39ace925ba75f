'use strict'
// The contract on auth.fetchHandler() called directly with Request objects,
// as Next.js route handlers, Bun, Deno and workers call it.
const { contractSuite } = require('./suite')

contractSuite('fetchHandler()', async (auth, options) => {
  const handle = auth.fetchHandler({ ...options, basePath: '/api' })
  // A route of the app's own, as in a Next.js route handler: sessionFromRequest.
  const secret = async (request) => {
    try { return Response.json({ session: await auth.sessionFromRequest(request) }) } catch (e) { return auth.errorResponse(e) }
  }
  return {
    request: (path, init) => {
      const request = new Request('https://app.example.com/api' + path, init)
      return path === '/private' ? secret(request) : handle(request)
    },
    close: async () => {}
  }
}, {
  skip: typeof Request !== 'function' && 'no fetch Request on this Node',
  ownRoutes: false,
  privateRoute: true,
  slowBody: async (m, token) => {
    const never = new ReadableStream({ start (c) { c.enqueue(new TextEncoder().encode('{"code":')) } })
    const res = await m.request('/phone', { method: 'POST', body: never, duplex: 'half', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } })
    return { status: res.status, body: await res.json() }
  }
})
