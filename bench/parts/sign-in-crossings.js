'use strict'
// The core's share of a sign-in, in a tight loop: `code2SessionUser` (who
// signed in, read from the answer) and `signIn` (the session's record and
// the ring with the answer's key first, a stored ring of two keys given),
// as login.js calls them; 5 rounds of 200,000, package copies interleaved.
//   node bench/parts/sign-in-crossings.js pkg [/tmp/pkg-before]
const path = require('path')
const crypto = require('crypto')
const N = 200000
const dirs = process.argv.slice(2)
const answers = Array.from({ length: 1000 }, () => JSON.stringify({
  session_key: crypto.randomBytes(16).toString('base64'),
  openid: 'o' + crypto.randomBytes(20).toString('base64url'),
  unionid: 'u' + crypto.randomBytes(20).toString('base64url')
}))
const NOW = 1765000000
const runs = dirs.map((dir) => {
  const core = require(path.resolve(dir, 'src/loader/server'))
  const cut = (text) => text.slice(text.indexOf('\n') + 1)
  let ring = cut(core.signIn('weixin', answers[0], null, NOW - 100, 3, 86400, undefined, 1))
  ring = cut(core.signIn('weixin', answers[1], ring, NOW - 50, 3, 86400, undefined, 1))
  const one = (i) => {
    const answer = answers[i % 1000]
    const who = JSON.parse(core.code2SessionUser('weixin', answer))
    const out = core.signIn('weixin', answer, ring, NOW, 3, 86400, undefined, NOW * 1000 + i)
    return who.openid.length + out.indexOf('\n')
  }
  for (let i = 0; i < 20000; i++) one(i)
  return () => {
    const t = process.hrtime.bigint()
    for (let i = 0; i < N; i++) one(i)
    return Number(process.hrtime.bigint() - t) / N / 1000
  }
})
const res = dirs.map(() => [])
for (let r = 0; r < 5; r++) runs.forEach((run, j) => res[j].push(run()))
dirs.forEach((d, j) => {
  const s = [...res[j]].sort((a, b) => a - b)
  console.log(d, 'µs per sign-in in the core: median', s[2].toFixed(2), 'all', res[j].map((x) => x.toFixed(2)).join(' '))
})
