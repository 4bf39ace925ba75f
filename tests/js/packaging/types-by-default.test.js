'use strict'
// Types right by default, from the packed package: every entry is clean for
// @arethetypeswrong/cli and publint, and `weapp-login/miniprogram` gives a
// TypeScript mini program the client's types (and never the server's) under
// the tsconfig each kind of project is created with, unedited, on TypeScript
// 5 and 7. Offline: the tarball is packed and unpacked here.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ROOT = path.join(__dirname, '..', '..', '..')
const PKG = path.join(ROOT, 'pkg')
const TSC = {
  7: path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
  5: path.join(ROOT, 'node_modules', 'typescript5', 'bin', 'tsc')
}
const TYPINGS = path.join(ROOT, 'node_modules', 'miniprogram-api-typings')

let WORK
let TARBALL

before(() => {
  WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-types-'))
  const out = execFileSync('npm', ['pack', '--pack-destination', WORK, '--json', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PKG, encoding: 'utf8' })
  TARBALL = path.join(WORK, JSON.parse(out)[0].filename)
})
after(() => fs.rmSync(WORK, { recursive: true, force: true }))

/** A scratch project `name` with the packed package in node_modules, `files` written into it. */
function project (name, files) {
  const dir = path.join(WORK, name)
  const installed = path.join(dir, 'node_modules', 'weapp-login')
  fs.mkdirSync(installed, { recursive: true })
  execFileSync('tar', ['xzf', TARBALL, '-C', installed, '--strip-components=1'])
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), typeof text === 'string' ? text : JSON.stringify(text, null, 2))
  }
  return dir
}

/** tsc `version` over `dir`: its exit status and output. */
function tsc (version, dir) {
  const r = spawnSync(process.execPath, [TSC[version], '-p', dir, '--noEmit'], { encoding: 'utf8' })
  return { status: r.status, out: r.stdout + r.stderr }
}

// Mini program code as the docs write it: the client entry by name, every
// rejection narrowed without a cast.
const PAGE = `import { createLoginClient, isWeappLoginError, WeappLoginError } from 'weapp-login/miniprogram'
import type { LoginState } from 'weapp-login/miniprogram'

const client = createLoginClient({ wx, baseUrl: 'https://api.example.com', appId: 'wx1234567890abcdef' })
const show = (state: LoginState): string => state.nextStep
const unsubscribe: () => void = client.subscribe(show)
client.login().then(() => unsubscribe()).catch((err: unknown) => {
  if (isWeappLoginError(err)) console.warn(err.code, err.retryable)
  else if (err instanceof WeappLoginError) console.warn(err.code)
})
export { client }
`
// The server must not be offered on the phone.
const SERVER_ON_PHONE = "import { createAuth } from 'weapp-login/miniprogram'\nexport const a = createAuth\n"

// WeChat DevTools' TypeScript template's tsconfig.json, as it comes (helpers/devtools-template.js).
const { TSCONFIG: DEVTOOLS_TSCONFIG } = require('../helpers/devtools-template')

function devtoolsProject (name, page) {
  const dir = project(name, {
    'tsconfig.json': DEVTOOLS_TSCONFIG,
    'typings/index.d.ts': '/// <reference path="./types/index.d.ts" />\ninterface IAppOption { globalData: Record<string, never> }\n',
    'miniprogram/pages/index/index.ts': page
  })
  fs.cpSync(path.join(TYPINGS, 'types'), path.join(dir, 'typings', 'types'), { recursive: true })
  return dir
}

test('attw --pack: no problem on any entry, under node10, node16 (CJS and ESM) and bundler', () => {
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'attw'), ['--pack', PKG, '--format', 'json'], { encoding: 'utf8' })
  const report = JSON.parse(r.stdout)
  assert.deepEqual(report.problems, {}, JSON.stringify(report.problems))
  const entries = Object.keys(report.analysis.entrypoints).sort()
  assert.deepEqual(entries, ['.', './client', './miniprogram', './miniprogram-js', './miniprogram-wasm', './package.json', './taro', './vite'])
  assert.equal(r.status, 0)
})

test('publint: no error or warning; one suggestion, the string `browser` field kept for webpack 4 (Taro 3)', async () => {
  const { publint } = await import('publint')
  const { messages } = await publint({ pkgDir: PKG, pack: 'npm', level: 'suggestion' })
  assert.deepEqual(messages.filter((m) => m.type !== 'suggestion'), [])
  assert.deepEqual(messages.map((m) => m.code), ['USE_EXPORTS_BROWSER'])
})

for (const version of [5, 7]) {
  test(`DevTools TypeScript template, unedited, TypeScript ${version}: the client's types, strict, and no server`, () => {
    assert.deepEqual(tsc(version, devtoolsProject(`devtools-${version}`, PAGE)), { status: 0, out: '' })
    const bad = tsc(version, devtoolsProject(`devtools-server-${version}`, SERVER_ON_PHONE))
    assert.match(bad.out, /TS2305/) // has no exported member 'createAuth'
  })
}

// Taro 4's template (taro init, React + TypeScript) and uni-app's Vue 3 +
// Vite + TypeScript template (its compilerOptions inlined: @vue/tsconfig
// and @dcloudio/types are not installed here; `wx` is declared as the
// client takes it, as Taro's and uni's API objects fit). Both set options TypeScript 7 no longer has
// (`moduleResolution: node`, `baseUrl`): on 7 those two alone are dropped, as
// every project must for TypeScript 7.
const TARO_TSCONFIG = {
  compilerOptions: {
    target: 'es2017',
    module: 'commonjs',
    removeComments: false,
    preserveConstEnums: true,
    moduleResolution: 'node',
    experimentalDecorators: true,
    noImplicitAny: false,
    allowSyntheticDefaultImports: true,
    outDir: 'lib',
    noUnusedLocals: true,
    noUnusedParameters: true,
    strictNullChecks: true,
    sourceMap: true,
    rootDir: '.',
    jsx: 'react-jsx',
    allowJs: true,
    resolveJsonModule: true,
    paths: { '@/*': ['./src/*'] }
  },
  include: ['./src']
}
const UNI_TSCONFIG = {
  compilerOptions: {
    target: 'esnext',
    module: 'esnext',
    strict: true,
    jsx: 'preserve',
    moduleResolution: 'node',
    esModuleInterop: true,
    sourceMap: true,
    skipLibCheck: true,
    importHelpers: true,
    experimentalDecorators: true,
    allowSyntheticDefaultImports: true,
    useDefineForClassFields: true,
    resolveJsonModule: true,
    baseUrl: '.',
    paths: { '@/*': ['./src/*'] },
    lib: ['esnext', 'dom']
  },
  include: ['src/**/*.ts']
}

const GLOBAL_WX = "declare const wx: Parameters<typeof import('weapp-login/miniprogram').createLoginClient>[0]['wx']\n"

/** The options TypeScript 7 removed, dropped (paths stay, relative to the tsconfig). */
function forTs7 (config) {
  const { moduleResolution, baseUrl, ...rest } = config.compilerOptions
  return { ...config, compilerOptions: rest }
}

for (const [name, config] of [['taro', TARO_TSCONFIG], ['uni-app', UNI_TSCONFIG]]) {
  for (const version of [5, 7]) {
    test(`${name}'s template tsconfig, TypeScript ${version}: weapp-login/miniprogram gives the client's types`, () => {
      const tsconfig = version === 7 ? forTs7(config) : config
      const dir = project(`${name}-${version}`, { 'tsconfig.json': tsconfig, 'src/app.ts': PAGE, 'src/globals.d.ts': GLOBAL_WX })
      assert.deepEqual(tsc(version, dir), { status: 0, out: '' })
      fs.writeFileSync(path.join(dir, 'src', 'app.ts'), SERVER_ON_PHONE)
      assert.match(tsc(version, dir).out, /TS2305/)
    })
  }
}
