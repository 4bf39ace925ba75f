'use strict'
// The Redis clients redisStore talks through, made to look alike: node-redis
// (v4, v5, v6) single, Cluster and Sentinel clients, and ioredis single,
// Cluster and Sentinel clients. Each becomes `{ kind, cluster, send(args),
// slot(key), ready(), close() }`; anything else is refused when the store is
// made. On a Cluster no command spans slots: multi-key commands that need
// not be atomic (DEL, EXISTS, MGET, …) are split by slot, and a script whose
// keys span slots is refused before it reaches Redis.

const { WeappLoginError, invalidArgument } = require('../errors')

const ACCEPTED = 'a node-redis client (createClient, createCluster or createSentinel; redis ≥ 4) or an ioredis client (Redis or Cluster, Sentinel included)'

const refuse = (what) => invalidArgument('client', { why: `${what}; give ${ACCEPTED}` })

// CRC16/XMODEM, the hash of Redis Cluster's key slots (cluster-spec, "Keys
// distribution model"). Not the `cluster-key-slot` package both Redis clients
// use: version 1.1.2 puts `foo{}{bar}` in slot 4015 where Redis' CLUSTER
// KEYSLOT says 8363 (an empty `{}` means the whole key is hashed), and the
// slots here must be the server's (tests/js/integration/redis-cluster.test.js).
const CRC16 = new Uint16Array(256)
for (let i = 0; i < 256; i++) {
  let c = i << 8
  for (let b = 0; b < 8; b++) c = (c & 0x8000) ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff
  CRC16[i] = c
}

/**
 * The Redis Cluster slot of `key` (0-16383), hash tags `{…}` included.
 * @param {string} key
 */
function keySlot (key) {
  let bytes = Buffer.from(String(key), 'utf8')
  const open = bytes.indexOf(0x7b) // {
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1) // }
    if (close > open + 1) bytes = bytes.subarray(open + 1, close)
  }
  let crc = 0
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) & 0xffff) ^ CRC16[((crc >> 8) ^ bytes[i]) & 0xff]
  return crc & 16383
}

// Where the keys of the commands the stores send are. Others: their first argument.
const ALL_KEYS = new Set(['DEL', 'UNLINK', 'EXISTS', 'MGET', 'TOUCH'])
const SCRIPTS = new Set(['EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'FCALL', 'FCALL_RO'])
const KEYLESS = new Set(['PING', 'TIME', 'INFO', 'SCRIPT', 'FUNCTION', 'DBSIZE'])

/** The keys `args` (a whole command) touches. */
function commandKeys (args) {
  const name = String(args[0]).toUpperCase()
  if (ALL_KEYS.has(name)) return args.slice(1)
  if (name === 'MSET') return args.slice(1).filter((_, i) => i % 2 === 0)
  if (SCRIPTS.has(name)) return args.slice(3, 3 + (Number(args[2]) || 0))
  if (KEYLESS.has(name) || args.length < 2) return []
  return [args[1]]
}

/** What `ready()` answers when the client is up: callers may send at once when they get this one. */
const READY = Promise.resolve()

const safely = (read) => { try { return read() } catch { return undefined } }
const isFn = (f) => typeof f === 'function'

/** What `client` is, by what it can do; null when it is none of the accepted clients. */
function kindOf (c) {
  if (c === null || typeof c !== 'object') return null
  return safely(() => {
    if (isFn(c.call) && typeof c.status === 'string' && typeof c.isCluster === 'boolean') return c.isCluster ? 'ioredis-cluster' : 'ioredis'
    if (isFn(c.sendCommand) && isFn(c.connect)) {
      if (isFn(c.getSlotMaster) && isFn(c.getMasters)) return 'node-redis-cluster'
      if (isFn(c.getSentinelNode) && isFn(c.getMasterNode)) return 'node-redis-sentinel'
      if ('isOpen' in c) return 'node-redis'
    }
    return null
  }) || null
}

/**
 * Wraps a client for redisStore.
 * @param {object} client one of the accepted clients, connected or not
 * @returns {{ kind: string, cluster: boolean, client: object, send: (args: string[]) => Promise<any>,
 *   slot: (key: string) => number, ready: () => Promise<void>, close: () => Promise<void> }}
 *   (`slot`: where the client will put `key`, its own key prefix included)
 */
function wrapClient (client) {
  const kind = kindOf(client)
  if (kind === null) {
    const old = safely(() => isFn(client.send_command))
    throw refuse(old ? 'a callback-style client (node-redis 3)' : 'not a Redis client this store knows')
  }
  if (isFn(client.on)) client.on('error', () => { /* reported per command as ERR_STORE_UNAVAILABLE */ })
  const cluster = kind === 'node-redis-cluster' || kind === 'ioredis-cluster'
  const ioredis = kind.startsWith('ioredis')
  // ioredis puts its `keyPrefix` before every key: the slot is the prefixed key's.
  const keyPrefix = (ioredis && safely(() => client.options && client.options.keyPrefix)) || ''
  const slot = (key) => keySlot(keyPrefix + key)
  // node-redis 4 in legacyMode: callbacks on the client, promises on `client.v4`.
  const promised = kind === 'node-redis' && safely(() => client.v4 && isFn(client.v4.sendCommand)) ? client.v4 : client
  let connecting = null
  let wasReady = safely(() => client.isReady === true || client.status === 'ready') === true
  if (isFn(client.on)) client.on('ready', () => { wasReady = true })

  /** One command to wherever its key lives. */
  function sendOne (args, key) {
    switch (kind) {
      case 'node-redis': return promised.sendCommand(args)
      case 'node-redis-cluster': return client.sendCommand(key, false, args)
      case 'node-redis-sentinel': return client.sendCommand(false, args)
      default: return client.call(args[0], ...args.slice(1)) // ioredis routes by the command's keys
    }
  }

  /** On a Cluster: no command spans slots. */
  function send (args) {
    const keys = commandKeys(args)
    if (!cluster || keys.length < 2) return sendOne(args, keys[0])
    const slots = new Map() // slot → its keys
    for (const key of keys) {
      const s = slot(key)
      if (slots.has(s)) slots.get(s).push(key)
      else slots.set(s, [key])
    }
    if (slots.size === 1) return sendOne(args, keys[0])
    const name = String(args[0]).toUpperCase()
    if (!ALL_KEYS.has(name)) {
      // An atomic multi-key command (a script, MSET): its keys must share a hash tag.
      throw new WeappLoginError('ERR_INTERNAL', `a ${name} across Redis Cluster slots: its keys must share one hash tag {…}`)
    }
    const parts = [...slots.values()]
    return Promise.all(parts.map((part) => sendOne([args[0], ...part], part[0]))).then((replies) => {
      if (name !== 'MGET') return replies.reduce((sum, n) => sum + Number(n), 0)
      const byKey = new Map()
      parts.forEach((part, i) => part.forEach((key, j) => byKey.set(key, replies[i][j])))
      return keys.map((key) => byKey.get(key))
    })
  }

  function whenReady () {
    return new Promise((resolve, reject) => {
      const ok = () => { client.off('error', fail); resolve() }
      const fail = (e) => { client.off('ready', ok); reject(e) }
      client.once('ready', ok)
      client.once('error', fail)
    })
  }

  /** Resolves once commands can be sent; fails at once while a connection that was up is being restored. */
  function ready () {
    if (ioredis) {
      const status = client.status
      if (status === 'ready') return READY
      if (status === 'wait') {
        if (connecting === null) connecting = client.connect().finally(() => { connecting = null })
        return connecting
      }
      if (!wasReady && (status === 'connecting' || status === 'connect')) return whenReady()
      return Promise.reject(new Error(`redis ${status}`))
    }
    if (connecting !== null) return connecting // (a Cluster of redis 4 and 5 is "open" before it knows its slots)
    const up = client.isReady === undefined ? client.isOpen : client.isReady
    if (up) return READY
    if (client.isOpen) return wasReady || !isFn(client.once) ? Promise.reject(new Error('reconnecting')) : whenReady()
    connecting = client.connect().finally(() => { connecting = null })
    return connecting
  }

  async function close () {
    try {
      if (ioredis) { if (client.status !== 'end') await client.quit(); return }
      if (!client.isOpen) return
      if (isFn(client.close)) await client.close()
      else await promised.quit()
    } catch { /* already gone */ }
  }

  return { kind, cluster, client, send, slot, ready, close }
}

/**
 * Groups `entries` by the Cluster slot of their keys: one group on a single
 * Redis, one per slot on a Cluster, the last entry's group last.
 * @template T
 * @param {{ cluster: boolean, slot: (key: string) => number }} wrapped
 * @param {T[]} entries
 * @param {(entry: T) => string} keyOf
 * @returns {T[][]}
 */
function groupBySlot (wrapped, entries, keyOf) {
  if (!wrapped.cluster) return [entries]
  const groups = new Map()
  for (const entry of entries) {
    const s = wrapped.slot(keyOf(entry))
    if (groups.has(s)) groups.get(s).push(entry)
    else groups.set(s, [entry])
  }
  const last = wrapped.slot(keyOf(entries[entries.length - 1]))
  const out = [...groups].filter(([s]) => s !== last).map(([, g]) => g)
  out.push(groups.get(last))
  return out
}

module.exports = { wrapClient, groupBySlot, keySlot, commandKeys, kindOf, READY }
