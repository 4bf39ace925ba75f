'use strict'
// Where the exports map leads each kind of consumer (esbuild resolves
// conditions as webpack and Vite do): the `miniprogram` and `browser`
// conditions reach the mini program build with nothing of Node's; Node and
// workers keep the server entry; TypeScript with the `miniprogram` custom
// condition gets the mini program entry's types.
const { test, after } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const esbuild = require('esbuild')

const ROOT = path.join(__dirname, '..', '..', '..')
const manifest = require(path.join(ROOT, 'pkg', 'package.json'))

// A scratch project whose node_modules/weapp-login is this tree's pkg/.
const APP = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-exports-'))
fs.mkdirSync(path.join(APP, 'node_modules'))
fs.symlinkSync(path.join(ROOT, 'pkg'), path.join(APP, 'node_modules', 'weapp-login'))
after(() => fs.rmSync(APP, { recursive: true, force: true }))

/** Only `weapp-login` itself is resolved; whatever it imports stays external. */
const entryOnly = {
  name: 'entry-only',
  setup (b) { b.onResolve({ filter: /.*/ }, (a) => a.importer === '<stdin>' ? undefined : { external: true }) }
}

/**
 * Bundles `import * as wl from 'weapp-login'` for `platform` with
 * `conditions` (the whole graph, or with `plugins` only the entry); answers
 * the files it took in.
 */
async function inputsFor (platform, conditions, plugins = []) {
  const result = await esbuild.build({
    stdin: { contents: "import * as wl from 'weapp-login'; globalThis.wl = wl", resolveDir: APP },
    bundle: true,
    write: false,
    metafile: true,
    platform,
    conditions,
    plugins,
    logLevel: 'silent'
  })
  return Object.keys(result.metafile.inputs)
}

test('mini program bundlers (browser or miniprogram condition) reach the mini program build only', async () => {
  for (const [platform, conditions] of [['browser', []], ['neutral', ['miniprogram']], ['browser', ['miniprogram']]]) {
    const inputs = await inputsFor(platform, conditions)
    assert.ok(inputs.some((f) => f.endsWith('pkg/miniprogram_dist/index.js')), `${platform} ${conditions}: ${inputs}`)
    assert.ok(!inputs.some((f) => /pkg\/src\/|dist\/node\//.test(f)), `${platform} ${conditions}: ${inputs}`)
  }
  // Asked by name, on any platform.
  const named = await esbuild.build({ stdin: { contents: "import 'weapp-login/miniprogram'", resolveDir: APP }, bundle: true, write: false, metafile: true, platform: 'neutral', logLevel: 'silent' })
  assert.ok(Object.keys(named.metafile.inputs).some((f) => f.endsWith('pkg/miniprogram_dist/index.js')))
})

test('Node and workers keep the server entry; the browser keeps weapp-login/client', async () => {
  assert.ok((await inputsFor('node', [], [entryOnly])).some((f) => f.endsWith('pkg/src/index.mjs')))
  assert.ok((await inputsFor('neutral', ['workerd', 'worker', 'browser'], [entryOnly])).some((f) => f.endsWith('pkg/src/index.mjs')))
  const web = esbuild.buildSync({ stdin: { contents: "import 'weapp-login/client'", resolveDir: APP }, bundle: true, write: false, metafile: true, platform: 'browser', logLevel: 'silent' })
  assert.ok(Object.keys(web.metafile.inputs).some((f) => f.endsWith('pkg/dist/web/index.mjs')))
  // Node itself: require and import.
  const wl = require(require.resolve('weapp-login', { paths: [APP] }))
  assert.equal(typeof wl.createAuth, 'function')
  const esm = execFileSync(process.execPath, ['--input-type=module', '-e', "import { createAuth } from 'weapp-login'; console.log(typeof createAuth)"], { cwd: APP, encoding: 'utf8' })
  assert.equal(esm, 'function\n')
})

test('every mini program condition lists types first and points at files that exist', () => {
  const entries = [manifest.exports['.'].miniprogram, manifest.exports['.'].browser, manifest.exports['./miniprogram'], manifest.exports['./taro'], manifest.exports['./vite']]
  for (const entry of entries) {
    assert.equal(Object.keys(entry)[0], 'types', JSON.stringify(entry))
    for (const file of Object.values(entry)) assert.ok(fs.existsSync(path.join(ROOT, 'pkg', file)), file)
  }
  assert.equal(manifest.exports['.'].miniprogram.types, './miniprogram.d.ts')
  assert.equal(manifest.miniprogram, 'miniprogram_dist')
  assert.equal(manifest.browser, './miniprogram_dist/index.js')
})

test('TypeScript with customConditions ["miniprogram"], or importing weapp-login/miniprogram, gets the mini program entry types', () => {
  const dir = APP
  {
    // transitions() answers a Promise in the mini program build, an array in Node.
    fs.writeFileSync(path.join(dir, 'page.ts'), "import { transitions } from 'weapp-login'\nexport const t: Promise<unknown> = transitions()\n")
    const compile = (conditions) => {
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { module: 'esnext', moduleResolution: 'bundler', customConditions: conditions, target: 'es2020', lib: ['es2020'], strict: true, noEmit: true, types: [] },
        files: ['page.ts']
      }))
      try {
        execFileSync(path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', dir], { encoding: 'utf8' })
        return 0
      } catch (e) {
        return e.status
      }
    }
    assert.equal(compile(['miniprogram']), 0)
    assert.notEqual(compile([]), 0) // without it: the Node entry's types, where transitions() is synchronous
    // weapp-login/miniprogram needs no option.
    fs.writeFileSync(path.join(dir, 'page.ts'), "import { transitions } from 'weapp-login/miniprogram'\nexport const t: Promise<unknown> = transitions()\n")
    assert.equal(compile([]), 0)
  }
})
