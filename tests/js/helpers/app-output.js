'use strict'
// Runs a framework's mini program output in the phone harness
// (tests/phone/app-harness.js or platform-app-harness.js in the engine of
// tests/phone/mp-engine.js, JavaScriptCore) and reads its report.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')

const PHONE = path.join(__dirname, '..', '..', 'phone')
const FAKE_WX = path.join(__dirname, 'fake-wx.js')
const FAKE_PLATFORM = path.join(__dirname, 'fake-platform.js')
const SCENARIO = path.join(PHONE, 'platform-scenario.js')
// The engine both app harnesses run in: jsc runs it first, in the same global scope.
const ENGINE = path.join(PHONE, 'mp-engine.js')

/** Every file under `dir`, as paths relative to it. */
function filesUnder (dir, prefix = '') {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(prefix, e.name)
    return e.isDirectory() ? filesUnder(dir, rel) : [rel]
  })
}

/**
 * Decompresses each `.wasm.br` of `root` to the same path (less `.br`)
 * under `decoded`: what WXWebAssembly does on base library 2.14.0 and later
 * and jsc cannot. Answers the relative paths it found.
 */
function decodeWasm (root, decoded) {
  const found = filesUnder(root).filter((f) => f.endsWith('.wasm.br'))
  for (const f of found) {
    const out = path.join(decoded, f.slice(0, -3))
    fs.mkdirSync(path.dirname(out), { recursive: true })
    fs.writeFileSync(out, zlib.brotliDecompressSync(fs.readFileSync(path.join(root, f))))
  }
  return found
}

/** Launches the output at `root` in jsc; answers the harness's report. */
function runApp (root, decoded, sdkVersion = '3.5.8') {
  const r = spawnSync('jsc', [ENGINE, path.join(PHONE, 'app-harness.js'), '--', root, FAKE_WX, decoded, sdkVersion], { encoding: 'utf8', timeout: 60_000 })
  if (r.error) throw r.error
  const line = r.stdout.split('\n').find((l) => l.startsWith('REPORT ') || l.startsWith('FATAL '))
  if (!line || !line.startsWith('REPORT ')) throw new Error(`no report from jsc: ${r.stdout} ${r.stderr}`)
  return JSON.parse(line.slice(7))
}

/**
 * Launches the output at `root`, built by `framework` (`taro`, `uni`) for
 * `platform` (`toutiao`, `alipay`, …), in jsc with that platform's API object and WebAssembly object (or
 * none), without JIT when `noJit` (as an iPhone runs the JavaScript core);
 * the app's check runs the steps from sign-in to sign-out. Answers the harness's report.
 */
function runPlatformApp (root, decoded, platform, framework, { noJit = false } = {}) {
  const args = [...(noJit ? ['--useJIT=false'] : []), ENGINE, path.join(PHONE, 'platform-app-harness.js'), '--', root, FAKE_WX, FAKE_PLATFORM, SCENARIO, platform, framework, decoded]
  const r = spawnSync('jsc', args, { encoding: 'utf8', timeout: 120_000 })
  if (r.error) throw r.error
  const line = r.stdout.split('\n').find((l) => l.startsWith('REPORT ') || l.startsWith('FATAL '))
  if (!line || !line.startsWith('REPORT ')) throw new Error(`no report from jsc: ${r.stdout} ${r.stderr}`)
  return JSON.parse(line.slice(7))
}

module.exports = { filesUnder, decodeWasm, runApp, runPlatformApp }
