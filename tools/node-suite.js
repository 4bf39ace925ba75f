'use strict'
// The Node suite on every supported Node version besides the machine's own
// (which `node --test tests/js/` runs): the binaries tools/node-versions.sh
// put in .cache/node/<version>/bin/node. The Node suite is every test file in
// tests/js/'s groups but those that drive other engines or WeChat's own tools,
// and the framework contract suite (listed below with the reason). The
// versions run one after the other, each test file on its own (2 cores) and
// stopped if it runs past NODE_SUITE_FILE_SECONDS (300); each version's TAP
// output goes to test-results/node-<version>.tap, with every file's seconds.
//   node tools/node-suite.js [version ...]   (default: NODE_VERSIONS or all three)
//   NODE_SUITE_ONLY=redis node tools/node-suite.js 16.20.2   (the files whose path has `redis`)

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const TESTS = path.join(ROOT, 'tests', 'js')
const VERSIONS = (process.env.NODE_VERSIONS || '16.20.2 18.20.4 22.12.0').split(/\s+/).filter(Boolean)

/** Not in the Node suite: they test other engines and tools, on the machine's Node. */
const ELSEWHERE = {
  'platforms/playground.test.js': 'drives Chromium',
  'platforms/miniprogram.test.js': "runs JavaScriptCore and WeChat's build npm (miniprogram-ci)",
  'platforms/sample-miniprogram.test.js': "runs WeChat's build npm (miniprogram-ci) and a phone-shaped vm",
  'platforms/miniprogram-simulate.test.js': "runs the mini program in WeChat's official simulator (miniprogram-simulate, jsdom)",
  'platforms/every-platform.test.js': 'runs each platform\'s build in JavaScriptCore (jsc); Node only starts it',
  'platforms/native-mp.test.js': "runs each platform's native project in JavaScriptCore (jsc) after WeChat's build npm (miniprogram-ci); Node only starts them",
  'platforms/frameworks-mp.test.js': 'builds with Taro and uni-app and runs their output in JavaScriptCore (jsc); Node only starts them',
  'platforms/quick-start.test.js': "runs TypeScript 5 and 7, WeChat's build npm and official simulator over the README's quick start",
  'packaging/types-by-default.test.js': 'runs TypeScript 5 and 7, attw and publint over the packed package',
  'docs': 'checks the docs with TypeScript and the tools above',
  'integration/contract': "the frameworks' own supported Node versions differ; run on the machine's Node",
  helpers: 'not tests'
}

/** Every test file under tests/js/ (relative to the root), but those ELSEWHERE. */
function suiteFiles (dir = '') {
  const out = []
  for (const entry of fs.readdirSync(path.join(TESTS, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`
    if (rel in ELSEWHERE) continue
    if (entry.isDirectory()) out.push(...suiteFiles(rel))
    else if (/\.test\.m?js$/.test(entry.name)) out.push(path.join('tests', 'js', rel))
  }
  return out.sort()
}

/** Node's flags for a version: Node 16 has fetch behind a flag (the tests' own HTTP uses it) and runs top-level hooks only with our preload. */
function flagsFor (version) {
  const major = Number(version.split('.')[0])
  const flags = []
  const env = {}
  if (major < 18) {
    flags.push('--experimental-fetch')
    env.NODE_OPTIONS = `--require=${path.join(TESTS, 'helpers', 'node16-root-hooks.js')}`
  }
  return { flags, env }
}

/** How long one test file may run before it is stopped and reported (a hang names its file instead of eating CI's time). */
const FILE_LIMIT_SECONDS = Number(process.env.NODE_SUITE_FILE_SECONDS || 300)

/**
 * Runs `node args` in its own process group, its output appended to the open
 * file `log`; resolves its exit code and, when it ran past `limitSeconds`,
 * stops the whole group and resolves `timedOut`.
 */
function spawnInto (node, args, env, log, limitSeconds) {
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', log, log], detached: true })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      try { process.kill(-child.pid, 'SIGKILL') } catch { child.kill('SIGKILL') }
    }, limitSeconds * 1000)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: signal ? 1 : code, timedOut })
    })
  })
}

async function run (version, files) {
  const node = path.join(ROOT, '.cache', 'node', version, 'bin', 'node')
  if (!fs.existsSync(node)) return { version, missing: true }
  const { flags, env } = flagsFor(version)
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true })
  const out = path.join(ROOT, 'test-results', `node-${version}.tap`)
  const log = fs.openSync(out, 'w')
  const started = Date.now()
  let code = 0
  const stopped = [] // files stopped once for running past the limit
  const slowest = []
  // Each file runs on its own (Node 16's --test shows nothing of a passing
  // file, skips and their reasons included), its TAP kept whole, under
  // FILE_LIMIT_SECONDS.
  for (const file of files) {
    fs.writeSync(log, `# file: ${file}\n`)
    const fileStarted = Date.now()
    let r = await spawnInto(node, [...flags, file], env, log, FILE_LIMIT_SECONDS)
    if (r.timedOut) {
      // Stopped: said in the summary whatever comes next, and run once more,
      // so that a rare hang is named without hiding the file's results.
      stopped.push(file)
      fs.writeSync(log, `# file-stopped: ${file} still ran after ${FILE_LIMIT_SECONDS} s; running it once more\n`)
      r = await spawnInto(node, [...flags, file], env, log, FILE_LIMIT_SECONDS)
      if (r.timedOut) fs.writeSync(log, `not ok 0 - ${file}: still running after ${FILE_LIMIT_SECONDS} s twice, stopped\n`)
    }
    const seconds = (Date.now() - fileStarted) / 1000
    fs.writeSync(log, `# file-seconds: ${seconds.toFixed(1)} ${file}\n`)
    slowest.push({ file, seconds })
    code = r.code || (r.timedOut ? 1 : 0) || code
  }
  fs.closeSync(log)
  const tap = fs.readFileSync(out, 'utf8')
  const count = (name) => [...tap.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0)
  slowest.sort((a, b) => b.seconds - a.seconds)
  return { version, code, out, stopped, slowest: slowest.slice(0, 3), seconds: Math.round((Date.now() - started) / 1000), pass: count('pass'), fail: count('fail'), skipped: (tap.match(/ # SKIP/g) || []).length, tap }
}

async function main () {
  const versions = process.argv.length > 2 ? process.argv.slice(2) : VERSIONS
  const only = process.env.NODE_SUITE_ONLY // a part of a file's path: only those files
  const files = suiteFiles().filter((f) => only === undefined || f.includes(only))
  for (const [file, why] of Object.entries(ELSEWHERE)) console.log(`node-suite: not in the Node suite: ${file} (${why})`)
  let failed = false
  for (const version of versions) {
    const r = await run(version, files)
    if (r.missing) { console.log(`node-suite: Node ${version} is not installed (bash tools/node-versions.sh)`); failed = true; continue }
    console.log(`node-suite: Node ${version}: ${r.code === 0 ? 'ok' : 'FAILED'} (${r.pass} passed, ${r.fail} failed, ${r.skipped} skipped, ${r.seconds} s; ${path.relative(ROOT, r.out)})`)
    console.log(`  slowest on ${version}: ${r.slowest.map((s) => `${s.file} ${s.seconds.toFixed(0)} s`).join(', ')}`)
    for (const file of r.stopped) console.log(`  STOPPED on ${version}: ${file} still ran after ${FILE_LIMIT_SECONDS} s and was run once more (a hang to find; test-results/node-${version}.tap)`)
    for (const m of r.tap.matchAll(/^\s*ok \d+ - (.*) # SKIP (.*)$/gm)) console.log(`  skipped on ${version}: ${m[1]}: ${m[2]}`)
    if (r.code !== 0) {
      failed = true
      for (const m of r.tap.matchAll(/^\s*not ok \d+ - (.*)$/gm)) console.log(`  not ok on ${version}: ${m[1]}`)
    }
  }
  process.exitCode = failed ? 1 : 0
}

main()
