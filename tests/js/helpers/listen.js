'use strict'
// A test's own HTTP server, closed whole on every Node: Node before 18.2 has
// no server.closeAllConnections, and there server.close() waits for every
// keep-alive connection a client still holds (which can be forever), so the
// sockets are tracked and destroyed by hand.
const http = require('node:http')

/**
 * Tracks `server`'s connections from now on; returns `close()`, which ends
 * every connection and resolves once the server is closed.
 * @param {import('node:http').Server} server
 * @returns {() => Promise<void>}
 */
function closer (server) {
  const sockets = new Set()
  server.on('connection', (socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)) })
  return () => new Promise((resolve) => {
    for (const socket of sockets) socket.destroy()
    server.close(() => resolve())
  })
}

/**
 * Listens `server` (or a new server for `handler`) on a free port of
 * 127.0.0.1; resolves `{ server, url, close }` (`close` as closer's).
 * @param {import('node:http').Server | import('node:http').RequestListener} serverOrHandler
 */
async function listen (serverOrHandler) {
  const server = serverOrHandler instanceof http.Server ? serverOrHandler : http.createServer(serverOrHandler)
  const close = closer(server)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${server.address().port}`, close }
}

module.exports = { listen, closer }
