'use strict'
// Real redis-servers for tests: a free port, a temp dir, no persistence.
// One server, a Cluster of three masters, or a master, a replica and a Sentinel.

const { spawn, execFile } = require('node:child_process')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')

// The redis-servers this process started and that still run. They die with
// it: on a normal exit, and when it is ended by a signal (a test run stopped
// with Ctrl-C, or killed by `timeout`), which is then raised again.
const running = new Set()
const reap = () => { for (const proc of running) proc.kill('SIGKILL') }
process.once('exit', reap)
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.once(signal, () => { reap(); process.kill(process.pid, signal) })
}

function freePort () {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
    s.on('error', reject)
  })
}

/**
 * @param {number} [port]
 * @param {{ dir?: string, durable?: boolean, args?: string[], config?: string }} [options]
 *   `durable`: an append-only file, fsynced on every write; `args`: more arguments;
 *   `config`: a config file's text (written into `dir`, read before the arguments)
 */
async function startRedis (port, { dir, durable = false, args = [], config } = {}) {
  port = port || await freePort()
  dir = dir || fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-redis-'))
  const persistence = durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']
  const file = config === undefined ? [] : [path.join(dir, 'redis.conf')]
  if (config !== undefined) fs.writeFileSync(file[0], config)
  const proc = spawn('redis-server', [...file, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence, ...args], { stdio: 'ignore' })
  running.add(proc)
  proc.once('exit', () => running.delete(proc))
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
    /** The redis-server's process id. */
    pid: proc.pid,
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

/** redis-cli's answer to one command on 127.0.0.1:`port`. */
function cli (port, ...args) {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' }, (e, out) => e ? reject(e) : resolve(out.trim()))
  })
}

async function until (what, check, ms = 20_000) {
  const deadline = Date.now() + ms
  for (;;) {
    try { if (await check()) return } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`${what}: timed out`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * A Redis Cluster of three masters (no replicas) on loopback ports, made
 * with `redis-cli --cluster create`.
 */
async function startCluster () {
  const nodes = []
  try {
    for (let i = 0; i < 3; i++) {
      nodes.push(await startRedis(0, { args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000'] }))
    }
    await cli(nodes[0].port, '--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes')
    for (const n of nodes) {
      await until('cluster_state:ok', async () => /cluster_state:ok/.test(await cli(n.port, 'CLUSTER', 'INFO')) &&
        (await cli(n.port, 'CLUSTER', 'NODES')).split('\n').filter((l) => l.includes('master')).length === 3)
    }
  } catch (e) {
    await Promise.all(nodes.map((n) => n.stop()))
    throw e
  }
  return {
    nodes,
    rootNodes: nodes.map((n) => ({ url: n.url })),
    hosts: nodes.map((n) => ({ host: '127.0.0.1', port: n.port })),
    /** The number of keys on each master. */
    async dbsizes () { return Promise.all(nodes.map(async (n) => Number(await cli(n.port, 'DBSIZE')))) },
    /** CLUSTER KEYSLOT, asked of Redis. */
    async keyslot (key) { return Number(await cli(nodes[0].port, 'CLUSTER', 'KEYSLOT', key)) },
    cli: (...args) => cli(nodes[0].port, ...args),
    async stop () { await Promise.all(nodes.map((n) => n.stop())) }
  }
}

/**
 * A master, a replica of it, and a Sentinel watching them as `name`.
 * @param {string} [name]
 */
async function startSentinel (name = 'weapp') {
  const master = await startRedis()
  const started = [master]
  try {
    const replica = await startRedis(0, { args: ['--replicaof', '127.0.0.1', String(master.port)] })
    started.push(replica)
    await until('replica in sync', async () => /master_link_status:up/.test(await cli(replica.port, 'INFO', 'replication')))
    const config = [
      `sentinel monitor ${name} 127.0.0.1 ${master.port} 1`,
      `sentinel down-after-milliseconds ${name} 2000`,
      `sentinel failover-timeout ${name} 5000`,
      ''
    ].join('\n')
    const sentinel = await startRedis(0, { config, args: ['--sentinel'] })
    started.push(sentinel)
    await until('sentinel sees the master', async () => (await cli(sentinel.port, 'SENTINEL', 'get-master-addr-by-name', name)).includes(String(master.port)))
    return {
      name,
      master,
      replica,
      sentinel,
      sentinelRootNodes: [{ host: '127.0.0.1', port: sentinel.port }],
      async stop () { await Promise.all(started.map((n) => n.stop())) }
    }
  } catch (e) {
    await Promise.all(started.map((n) => n.stop()))
    throw e
  }
}

module.exports = { startRedis, startCluster, startSentinel, cli, until }
