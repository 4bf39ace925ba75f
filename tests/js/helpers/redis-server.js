'use strict'
// A real redis-server for tests: a free port, a temp dir, no persistence.

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')

function freePort () {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
    s.on('error', reject)
  })
}

/**
 * @param {number} [port]
 * @param {{ dir?: string, durable?: boolean }} [options] `durable`: an append-only file, fsynced on every write
 */
async function startRedis (port, { dir, durable = false } = {}) {
  port = port || await freePort()
  dir = dir || fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-redis-'))
  const persistence = durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence], { stdio: 'ignore' })
  const deadline = Date.now() + 10_000
  for (;;) {
    const up = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true) })
      c.on('error', () => resolve(false))
    })
    if (up) break
    if (Date.now() > deadline) throw new Error('redis-server did not start (is it installed? make setup)')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    port,
    dir,
    url: `redis://127.0.0.1:${port}`,
    /** Kills it outright (SIGKILL), leaving its files. */
    async kill () {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL')
        await new Promise((resolve) => proc.once('exit', resolve))
      }
    },
    async stop () {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM')
        await new Promise((resolve) => proc.once('exit', resolve))
      }
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

module.exports = { startRedis }
