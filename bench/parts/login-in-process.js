'use strict'
// CPU per auth.login in process: the upstream answered at once from answers
// made beforehand, memoryStore, the address limit as handler() passes it;
// 7 rounds of 20,000, package copies interleaved.
//   node bench/parts/login-in-process.js pkg [/tmp/pkg-before]
//   NOADMIT=1 NOBUDGET=1 …   without the address limit and the upstream budget
const crypto = require('crypto')
const dirs = process.argv.slice(2)
const N = 20000
const APP_ID = 'wx1234567890abcdef'
function make (dir, tag) {
  const wl = require(require('path').resolve(dir))
  const { handlerLoginOptions } = require(require('path').resolve(dir) + '/src/server/auth/login')
  const answers = new Map()
  const res = (body) => ({ status: 200, text: async () => body })
  const fake = async (url) => res(answers.get(url.slice(url.lastIndexOf('=') + 1)))
  const auth = wl.createAuth({ appId: APP_ID, appSecret: 's', fetch: fake, upstreamLoginBudget: process.env.NOBUDGET ? false : { max: 1e6, windowSeconds: 60 } })
  let i = 0
  return async () => {
    const codes = []
    for (let k = 0; k < N; k++) { const code = crypto.randomBytes(16).toString('hex'); answers.set(code, JSON.stringify({ openid: 'o' + crypto.randomBytes(20).toString('base64url'), session_key: crypto.randomBytes(16).toString('base64') })); codes.push(code) }
    const t = process.cpuUsage()
    for (let k = 0; k < N; k++) {
      const a = `10.${tag}.${(i >> 8) & 255}.${i & 255}`; i++
      const o = handlerLoginOptions(undefined, a, undefined, process.env.NOADMIT ? undefined : { key: `wl:rl:login:${a}`, windowSeconds: 60, max: 10, refused: () => new Error('rl') })
      await auth.login(codes[k], o)
    }
    const d = process.cpuUsage(t)
    answers.clear()
    return (d.user + d.system) / N
  }
}
;(async () => {
  const runs = dirs.map(make)
  const res = dirs.map(() => [])
  for (let r = 0; r < 7; r++) for (let j = 0; j < runs.length; j++) { const jj = r % 2 ? runs.length - 1 - j : j; res[jj].push(await runs[jj]()) }
  dirs.forEach((d, j) => { const s = [...res[j]].sort((a, b) => a - b); console.log(d, 'µs CPU per login: median', s[3].toFixed(1), 'best', s[0].toFixed(1), 'all', res[j].map((x) => x.toFixed(0)).join(' ')) })
})()
