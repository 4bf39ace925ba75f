'use strict'
// Native projects on QQ, Douyin, Kuaishou, Baidu and Alipay, set up as
// docs/platforms.md's "原生项目" section says and nothing more: the packed
// package installed as a devDependency, offline; "build npm" as the
// WeChat-derived tools run it (miniprogram-ci's packNpmManually, for QQ,
// Douyin and Kuaishou: it must copy nothing of weapp-login); the section's
// command (`npx weapp-login miniprogram <platform>`); the section's
// login-client.js written in, its `tt` swapped as its comment says. Then
// what the platform ships (the project without node_modules) runs in
// JavaScriptCore with that platform's API object and WebAssembly object (or
// none, and no JIT: the JavaScript core), the build required by the
// section's path with its `wasmPath`: sign in, phone deny and allow,
// profile, relaunch without a new sign-in, a session the server lost, sign
// out. What the command adds to the project (its footprint) is exactly the
// build's files.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { packTarball } = require('../helpers/build-npm')
const { samples } = require('../helpers/doc-samples')
const { filesUnder, decodeWasm, runPlatformApp } = require('../helpers/app-output')
const { checkSteps } = require('../helpers/platform-steps')
const { API_KEY } = require('../helpers/fake-platform')

const ROOT = path.join(__dirname, '..', '..', '..')
const PKG = path.join(ROOT, 'pkg')

/**
 * Each platform: its project file, whether its developer tool builds npm
 * WeChat's way (into miniprogram_npm/, from `dependencies`), and the build
 * (and wasm object) it must get.
 */
const PLATFORMS = {
  qq: { projectFile: 'project.config.json', buildsNpm: true, build: 'dist/miniprogram-wasm', wasmObject: 'QQWebAssembly' },
  toutiao: { projectFile: 'project.config.json', buildsNpm: true, build: 'dist/miniprogram-wasm', wasmObject: 'TTWebAssembly' },
  kuaishou: { projectFile: 'project.config.json', buildsNpm: true, build: 'dist/miniprogram-js' },
  baidu: { projectFile: 'project.swan.json', buildsNpm: false, build: 'dist/miniprogram-js' },
  alipay: { projectFile: 'mini.project.json', buildsNpm: false, build: 'dist/miniprogram-js' }
}

/** The `### heading` subsection of `text`, up to the next heading of its level or above. */
function subsection (text, heading) {
  const start = text.indexOf(`\n### ${heading}`)
  assert.ok(start >= 0, `no "### ${heading}"`)
  const next = text.slice(start + 1).search(/\n##?#? /)
  return text.slice(start, next < 0 ? undefined : start + 1 + next)
}

const PAGES = {
  'docs/platforms.md': '原生项目：QQ、抖音、快手、百度、支付宝',
  'docs/platforms.en.md': 'Native projects: QQ, Douyin, Kuaishou, Baidu, Alipay'
}

/** The section's samples on `page`: the shell commands, and login-client.js for the wasm builds and for the JavaScript core. */
function sectionSamples (page) {
  const found = samples(page, subsection(fs.readFileSync(path.join(ROOT, page), 'utf8'), PAGES[page]))
  const shell = found.filter((s) => s.lang === 'sh')
  const clients = found.filter((s) => s.file === 'login-client.js')
  assert.equal(shell.length, 1, `${page}: one shell sample`)
  assert.equal(clients.length, 2, `${page}: two login-client.js samples`)
  return { shell: shell[0].code, wasmClient: clients[0].code, jsClient: clients[1].code }
}

/** A sample without its comments: the code both pages must share. */
const codeOf = (text) => text.split('\n').map((l) => l.replace(/\s*\/\/.*$/, '')).filter(Boolean).join('\n')

const DOC = sectionSamples('docs/platforms.md')

/**
 * login-client.js for `platform`: the sample of its build, its API object
 * swapped in as the sample's first comment says (`…把 tt 换成 qq`, `…换成 ks`).
 */
function clientSample (platform, wasm) {
  const code = wasm ? DOC.wasmClient : DOC.jsClient
  const key = API_KEY[platform]
  const [first] = code.split('\n')
  const own = code.match(/^ {2}(\w+),$/m)[1]
  if (own === key) return code
  assert.ok(first.includes(`把 ${own} 换成 ${key}`) || first.includes(`换成 ${key}`), `the sample's comment says how to use it on ${platform}: ${first}`)
  return code.replace(new RegExp(`^ {2}${own},$`, 'm'), `  ${key},`)
}

let work, template

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-native-'))
  // The section's commands, run as written (the platform's name aside).
  const [install, copy, ...rest] = DOC.shell.split('\n')
  assert.deepEqual(rest, [])
  assert.equal(install, 'npm install -D weapp-login')
  assert.match(copy, /^npx weapp-login miniprogram [a-z]+$/)
  // One install of the packed package, copied into each project (npm lays it out the same each time).
  template = path.join(work, 'template')
  fs.mkdirSync(template)
  fs.writeFileSync(path.join(template, 'package.json'), JSON.stringify({ name: 'native-mp', private: true }))
  execFileSync('npm', ['install', '-D', '--offline', '--no-audit', '--no-fund', '--loglevel=error', packTarball(work)], { cwd: template })
})

after(() => { if (work) fs.rmSync(work, { recursive: true, force: true }) })

test('both pages give the same commands and code', () => {
  const en = sectionSamples('docs/platforms.en.md')
  assert.equal(en.shell, DOC.shell)
  assert.equal(codeOf(en.wasmClient), codeOf(DOC.wasmClient))
  assert.equal(codeOf(en.jsClient), codeOf(DOC.jsClient))
})

for (const [platform, { projectFile, buildsNpm, build, wasmObject }] of Object.entries(PLATFORMS)) {
  test(`${platform}: a native project set up as the docs say signs in to out on its API object${wasmObject ? ` (${wasmObject})` : ' without JIT'}, the command adding only ${build}`, async () => {
    const project = path.join(work, platform)
    fs.cpSync(template, project, { recursive: true, verbatimSymlinks: true })
    fs.writeFileSync(path.join(project, projectFile), JSON.stringify({ appid: 'app', projectname: platform }))
    fs.writeFileSync(path.join(project, 'app.json'), JSON.stringify({ pages: ['pages/index/index'] }))
    const before = new Set(filesUnder(project).filter((f) => !f.startsWith('node_modules/')))

    if (buildsNpm) {
      // "Build npm": weapp-login is a devDependency, so nothing of it is copied (WeChat's build would be dead weight).
      const ci = require('miniprogram-ci')
      const result = await ci.packNpmManually({ packageJsonPath: path.join(project, 'package.json'), miniprogramNpmDistDir: project })
      assert.equal(result.miniProgramPackNum + result.otherNpmPackNum, 0)
      assert.ok(!fs.existsSync(path.join(project, 'miniprogram_npm', 'weapp-login')))
    }

    const out = execFileSync(path.join(project, 'node_modules', '.bin', 'weapp-login'), ['miniprogram', platform], { cwd: project, encoding: 'utf8' })

    // The footprint: what the command added, file by file, is the build.
    const added = filesUnder(project).filter((f) => !f.startsWith('node_modules/') && !before.has(f))
    const shipped = fs.readdirSync(path.join(PKG, build)).sort()
    assert.deepEqual(added.sort(), shipped.map((f) => `weapp-login/${f}`))
    const bytes = (dir, files) => files.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0)
    const total = bytes(project, added)
    assert.equal(total, bytes(path.join(PKG, build), shipped))
    assert.match(out, new RegExp(`total {2}${total} B \\(${(total / 1024).toFixed(2)} KiB\\)`))
    assert.equal(added.some((f) => f.endsWith('.wasm.br')), Boolean(wasmObject))

    // The section's login-client.js, and the page's stand-in: the build by the path the sample requires, with its options.
    const client = clientSample(platform, Boolean(wasmObject))
    const [, requirePath] = client.match(/require\('([^']+)'\)/)
    const wasmPath = (client.match(/wasmPath: '([^']+)'/) || [])[1]
    assert.equal(wasmPath, (out.match(/wasmPath: '([^']+)'/) || [])[1], 'the sample\'s wasmPath is the one the command gives')
    fs.writeFileSync(path.join(project, 'login-client.js'), client)
    fs.writeFileSync(path.join(project, 'app.js'), [
      `const wl = require(${JSON.stringify(requirePath)})`,
      "const { client } = require('./login-client')",
      '/* global __nativeCheck */',
      `globalThis.__weappLoginCheck = client.ready.then(() => __nativeCheck(wl, ${JSON.stringify(wasmPath ? { wasmPath } : {})}))`,
      'App({})'
    ].join('\n'))

    // What the platform ships: the project without node_modules and the npm files.
    const shippedRoot = path.join(work, `${platform}-shipped`)
    fs.cpSync(project, shippedRoot, { recursive: true, filter: (src) => !/[\\/](node_modules|package(-lock)?\.json)$/.test(src) })
    const decoded = path.join(work, `${platform}-decoded`)
    decodeWasm(shippedRoot, decoded)
    const report = runPlatformApp(shippedRoot, decoded, platform, 'native', { noJit: !wasmObject })
    assert.equal(report.launchError, undefined, report.launchError)
    assert.equal(report.launched, true)
    checkSteps(report.result, platform)
    assert.deepEqual(report.unhandled, [])
  })
}

test('the command refuses an unknown platform and a folder of the project\'s own files, changing nothing, and replaces a build it copied', () => {
  const project = path.join(work, 'refusals')
  fs.cpSync(template, project, { recursive: true, verbatimSymlinks: true })
  fs.mkdirSync(path.join(project, 'pages'))
  fs.writeFileSync(path.join(project, 'pages', 'index.js'), 'Page({})')
  const bin = path.join(project, 'node_modules', '.bin', 'weapp-login')
  for (const args of [['miniprogram', 'wechat'], ['miniprogram', 'qq', 'pages'], ['miniprogram', 'qq', '..'], ['build', 'qq'], []]) {
    const r = spawnSync(bin, args, { cwd: project, encoding: 'utf8' })
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.match(r.stderr, /usage: weapp-login miniprogram <platform>/)
  }
  assert.deepEqual(fs.readdirSync(path.join(project, 'pages')), ['index.js'])
  assert.ok(!fs.existsSync(path.join(project, 'weapp-login')))
  // Run again (an upgrade, another platform): the copied build is replaced whole.
  execFileSync(bin, ['miniprogram', 'qq'], { cwd: project })
  execFileSync(bin, ['miniprogram', 'alipay'], { cwd: project })
  assert.deepEqual(fs.readdirSync(path.join(project, 'weapp-login')), ['index.js'])
})
