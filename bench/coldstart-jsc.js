#!/usr/bin/env node
'use strict'
// The mini program's cold start in JavaScriptCore without JIT (`jsc
// --useJIT=false`), on a relaunch with a stored session. Each run is a fresh
// jsc process timed from inside (bench/coldstart-jsc-phone.js):
//   - the launch: evaluate the mini program bundle, then `createLoginClient`
//     until it returns with the first frame (signed in, the stored user's
//     nickname, avatar and masked phone, read from storage; the core is not
//     loaded yet). Budget: 15 ms on this machine; the first frame itself
//     (createLoginClient after evaluation): 3 ms.
//   - the core confirmed: evaluate, instantiate the wasm through
//     WXWebAssembly and restore the stored session (until `client.ready`),
//     which the client starts after the first frame or at the first need.
//   - the baseline, evaluating the bundle alone.
// With `js`, the same for dist/miniprogram-js (Alipay, Baidu, Kuaishou: the
// core compiled to JavaScript) on Alipay's `my`, with no WebAssembly.
// The kinds run interleaved, so the ratios come from the same run. Prints
// the medians.
//
//   node bench/coldstart-jsc.js [--runs N] [--check] [--js]   (--check: exit 1 over budget;
//     --js: the JS-compiled core's build, dist/miniprogram-js, on Alipay's `my`
//     with no WebAssembly, instead of WeChat's; its figures have no budget)
// From bench/run.js: require('./coldstart-jsc').coldStartJsc({ runs }).

const fs = require('fs')
const os = require('os')
const path = require('path')
const zlib = require('zlib')
const { execFileSync } = require('child_process')

const BUDGET_MS = 15
const FIRST_FRAME_BUDGET_MS = 3
const PHONE = path.join(__dirname, 'coldstart-jsc-phone.js')
const MP = path.join(__dirname, '..', 'pkg', 'miniprogram_dist')
/** The build for platforms without WebAssembly: the core compiled to JavaScript, no wasm. */
const MP_JS = path.join(__dirname, '..', 'pkg', 'dist', 'miniprogram-js', 'index.js')
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }

function jsc (platform, args) {
  const out = execFileSync('jsc', ['--useJIT=false', PHONE, '--', platform, ...args], { encoding: 'utf8', timeout: 60_000 })
  const line = out.split('\n').find((l) => /^(TIME|STORED|FAIL) /.test(l))
  if (!line || line.startsWith('FAIL ')) throw new Error(`coldstart-jsc: ${line || out}`)
  return line.slice(line.indexOf(' ') + 1)
}

/**
 * Measures the cold start.
 * @param {{ runs?: number, js?: boolean }} [options] runs of each kind (default 15);
 *   `js`: time dist/miniprogram-js (the core through wasm2js) instead
 * @returns {{ coldStartMs: number, firstFrameMs: number, confirmedMs: number, baselineMs: number, ratio: number, fastestMs: number, runs: number, budgetMs: number, firstFrameBudgetMs: number }}
 *   medians of the launch (evaluate + first frame), of the first frame
 *   alone, of the core confirmed and of the baseline; the launch's ratio to
 *   the baseline, the fastest launch
 */
function coldStartJsc ({ runs = 15, js = false } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-coldstart-'))
  try {
    const index = js ? MP_JS : path.join(MP, 'index.js')
    // The JS-compiled build runs on Alipay's `my` (no WebAssembly at all); WeChat's on `wx`.
    const platform = js ? 'alipay' : 'weixin'
    const wasm = path.join(tmp, 'weapp_login_client.wasm')
    fs.writeFileSync(wasm, zlib.brotliDecompressSync(fs.readFileSync(path.join(MP, 'weapp_login_client.wasm.br'))))
    const stored = path.join(tmp, 'session.json')
    fs.writeFileSync(stored, jsc(platform, ['prepare', index, wasm]))
    const launch = []
    const frame = []
    const full = []
    const bundle = []
    for (let i = 0; i < runs; i++) {
      const [evaluated, first] = jsc(platform, ['frame', index, wasm, stored]).split(' ').map(Number)
      launch.push(evaluated + first)
      frame.push(first)
      full.push(Number(jsc(platform, ['full', index, wasm, stored])))
      bundle.push(Number(jsc(platform, ['bundle', index, wasm])))
    }
    const coldStartMs = median(launch)
    const baselineMs = median(bundle)
    return {
      coldStartMs,
      firstFrameMs: median(frame),
      confirmedMs: median(full),
      baselineMs,
      ratio: coldStartMs / baselineMs,
      fastestMs: Math.min(...launch),
      runs,
      budgetMs: BUDGET_MS,
      firstFrameBudgetMs: FIRST_FRAME_BUDGET_MS
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

if (require.main === module) {
  const at = process.argv.indexOf('--runs')
  const runs = at > 0 ? Number(process.argv[at + 1]) : 15
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer')
  const js = process.argv.includes('--js')
  const r = coldStartJsc({ runs, js })
  if (js) console.log('the JS-compiled core (dist/miniprogram-js):')
  const ms = (x) => x.toFixed(2) + ' ms'
  // The budgets are the WeChat build's; the JS-compiled core's figures are reported beside them.
  const within = js || (r.coldStartMs <= r.budgetMs && r.firstFrameMs <= r.firstFrameBudgetMs)
  const budget = (b) => js ? '' : `; budget ${b} ms`
  console.log(`mini program launch, jsc --useJIT=false (evaluate the bundle, createLoginClient with the stored user's first frame): median ${ms(r.coldStartMs)} over ${r.runs} runs (fastest ${ms(r.fastestMs)})${budget(r.budgetMs)}`)
  console.log(`first frame (createLoginClient after evaluation, from storage): median ${ms(r.firstFrameMs)}${budget(r.firstFrameBudgetMs)}`)
  console.log(`core confirmed (evaluate, instantiate the core, restore: client.ready): median ${ms(r.confirmedMs)}`)
  console.log(`baseline, evaluating the bundle alone: median ${ms(r.baselineMs)}; launch ratio ${r.ratio.toFixed(2)}`)
  console.log(`${js ? 'no budgets (the WeChat build\'s are not this build\'s)' : `budgets: ${within ? 'within' : 'OVER'}`} (load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores)`)
  if (process.argv.includes('--check') && !within) process.exitCode = 1
}

module.exports = { coldStartJsc, BUDGET_MS, FIRST_FRAME_BUDGET_MS }
