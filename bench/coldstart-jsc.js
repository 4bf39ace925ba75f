#!/usr/bin/env node
'use strict'
// The mini program's cold start in JavaScriptCore without JIT (`jsc
// --useJIT=false`): evaluate the mini program bundle, instantiate the wasm
// through WXWebAssembly, restore a stored session. Each run is a fresh jsc
// process timed from inside (bench/coldstart-jsc-phone.js); the baseline,
// evaluating the bundle alone, runs interleaved with it, so the ratio comes
// from the same run. Prints the medians; budget: 15 ms on this machine.
//
//   node bench/coldstart-jsc.js [--runs N] [--check]   (--check: exit 1 over budget)
// From bench/run.js: require('./coldstart-jsc').coldStartJsc({ runs }).

const fs = require('fs')
const os = require('os')
const path = require('path')
const zlib = require('zlib')
const { execFileSync } = require('child_process')

const BUDGET_MS = 15
const PHONE = path.join(__dirname, 'coldstart-jsc-phone.js')
const MP = path.join(__dirname, '..', 'pkg', 'miniprogram_dist')
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }

function jsc (args) {
  const out = execFileSync('jsc', ['--useJIT=false', PHONE, '--', ...args], { encoding: 'utf8', timeout: 60_000 })
  const line = out.split('\n').find((l) => /^(TIME|STORED|FAIL) /.test(l))
  if (!line || line.startsWith('FAIL ')) throw new Error(`coldstart-jsc: ${line || out}`)
  return line.slice(line.indexOf(' ') + 1)
}

/**
 * Measures the cold start.
 * @param {{ runs?: number }} [options] runs of each kind (default 15)
 * @returns {{ coldStartMs: number, baselineMs: number, ratio: number, fastestMs: number, runs: number, budgetMs: number }}
 *   medians of the cold start and of the baseline, their ratio, the fastest cold start
 */
function coldStartJsc ({ runs = 15 } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-coldstart-'))
  try {
    const index = path.join(MP, 'index.js')
    const wasm = path.join(tmp, 'weapp_login_client.wasm')
    fs.writeFileSync(wasm, zlib.brotliDecompressSync(fs.readFileSync(path.join(MP, 'weapp_login_client.wasm.br'))))
    const stored = path.join(tmp, 'session.json')
    fs.writeFileSync(stored, jsc(['prepare', index, wasm]))
    const full = []
    const bundle = []
    for (let i = 0; i < runs; i++) {
      full.push(Number(jsc(['full', index, wasm, stored])))
      bundle.push(Number(jsc(['bundle', index, wasm])))
    }
    const coldStartMs = median(full)
    const baselineMs = median(bundle)
    return { coldStartMs, baselineMs, ratio: coldStartMs / baselineMs, fastestMs: Math.min(...full), runs, budgetMs: BUDGET_MS }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

if (require.main === module) {
  const at = process.argv.indexOf('--runs')
  const runs = at > 0 ? Number(process.argv[at + 1]) : 15
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer')
  const r = coldStartJsc({ runs })
  const ms = (x) => x.toFixed(2) + ' ms'
  console.log(`mini program cold start, jsc --useJIT=false (evaluate the bundle, instantiate the wasm, restore a stored session): median ${ms(r.coldStartMs)} over ${r.runs} runs (fastest ${ms(r.fastestMs)})`)
  console.log(`baseline, evaluating the bundle alone: median ${ms(r.baselineMs)}; ratio ${r.ratio.toFixed(2)}`)
  console.log(`budget ${r.budgetMs} ms: ${r.coldStartMs <= r.budgetMs ? 'within' : 'OVER'} (load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores)`)
  if (process.argv.includes('--check') && r.coldStartMs > r.budgetMs) process.exitCode = 1
}

module.exports = { coldStartJsc, BUDGET_MS }
