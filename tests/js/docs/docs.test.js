'use strict'
// The docs cannot drift: every fenced sample of README*.md, CONTRIBUTING.md
// and docs/*.md is compiled (TypeScript, strict, on TypeScript 5 and 7,
// against the packed package) or parsed (JavaScript, JSON); every relative
// link and every repository path a page names exists; the error pages are
// what tools/docs-errors.js writes; every size and timing is a budget a test
// enforces, a limit of the core's rules, or a figure of the bench; the
// compatibility page lists only versions the tests run; the packed README
// speaks to package users only.
//
// Fence info: ```ts [node] [path/file.ts] · ```tsx path · ```js [path] ·
// ```rust fragment (shown only; its names are checked against the crate) ·
// ```wxml path (the quick start's page, rendered by platforms/quick-start.test.js).
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const ts5 = require('typescript5')
const { samples } = require('../helpers/doc-samples')
const { TSCONFIG: DEVTOOLS_TSCONFIG } = require('../helpers/devtools-template')

const ROOT = path.join(__dirname, '..', '..', '..')
const PKG = path.join(ROOT, 'pkg')
const DOCS = path.join(ROOT, 'docs')
const TSC = {
  7: path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
  5: path.join(ROOT, 'node_modules', 'typescript5', 'bin', 'tsc')
}

/** Every page: the READMEs, CONTRIBUTING.md and docs/*.md, as [relative path, text]. */
function pages () {
  const files = ['README.md', 'README.en.md', 'CONTRIBUTING.md', ...fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
  return files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')])
}
/** The user docs: what package users read (the READMEs and docs/). */
const userPages = () => pages().filter(([f]) => f !== 'CONTRIBUTING.md')

const allSamples = () => pages().flatMap(([f, t]) => samples(f, t))
const where = (s) => `${s.page}:${s.line}`

test('every fence has a language, and every language is one the checks know', () => {
  const known = new Set(['ts', 'tsx', 'js', 'json', 'wxml', 'sh', 'text', 'mermaid', 'rust'])
  for (const s of allSamples()) assert.ok(known.has(s.lang), `${where(s)}: \`\`\`${s.lang || ' without a language'}`)
})

test('every JavaScript sample parses and narrows the errors it reads', () => {
  const js = allSamples().filter((s) => s.lang === 'js')
  assert.ok(js.length > 20, `${js.length} JavaScript samples`)
  for (const s of js) {
    // TypeScript's parser, for JavaScript: its syntax errors only.
    const { diagnostics } = ts5.transpileModule(s.code, { fileName: 'sample.js', reportDiagnostics: true, compilerOptions: { allowJs: true, target: ts5.ScriptTarget.ESNext, module: ts5.ModuleKind.ESNext } })
    assert.deepEqual(diagnostics.map((d) => ts5.flattenDiagnosticMessageText(d.messageText, '\n')), [], where(s))
    narrowsWhatItReads(s)
  }
})

/** A sample that reads `.code` of something it caught narrows it first. */
function narrowsWhatItReads (s) {
  const caught = [...s.code.matchAll(/catch\s*\(\s*(\w+)\s*\)|\.catch\(\s*\(?\s*(\w+)\s*\)?\s*=>/g)].map((m) => m[1] || m[2])
  for (const name of caught) {
    if (!new RegExp(`\\b${name}\\.code\\b`).test(s.code)) continue
    assert.match(s.code, /isWeappLoginError\(|instanceof WeappLoginError/, `${where(s)}: reads ${name}.code without isWeappLoginError or instanceof WeappLoginError`)
  }
}

test('every fragment parses (TypeScript and TSX fragments are only shown; the modules they import are compiled)', () => {
  const fragments = allSamples().filter((s) => (s.lang === 'ts' || s.lang === 'tsx') && s.tags.includes('fragment'))
  for (const s of fragments) {
    const { diagnostics } = ts5.transpileModule(s.code, { fileName: `sample.${s.lang}`, reportDiagnostics: true, compilerOptions: { jsx: ts5.JsxEmit.Preserve, target: ts5.ScriptTarget.ESNext, module: ts5.ModuleKind.ESNext } })
    assert.deepEqual(diagnostics.map((d) => ts5.flattenDiagnosticMessageText(d.messageText, '\n')), [], where(s))
    narrowsWhatItReads(s)
  }
})

test('every JSON sample parses', () => {
  for (const s of allSamples().filter((x) => x.lang === 'json')) assert.doesNotThrow(() => JSON.parse(s.code), where(s))
})

test('every WXML sample is the quick start\'s page, the same in both READMEs (platforms/quick-start.test.js renders it with WeChat\'s compiler)', () => {
  const wxml = allSamples().filter((x) => x.lang === 'wxml')
  assert.deepEqual(wxml.map((x) => `${x.page} ${x.file}`), ['README.md miniprogram/pages/login/login.wxml', 'README.en.md miniprogram/pages/login/login.wxml'])
  assert.equal(wxml[0].code, wxml[1].code)
})

test("the Rust fragments name only what the crate exports", () => {
  const lib = fs.readFileSync(path.join(ROOT, 'src', 'lib.rs'), 'utf8')
  for (const s of allSamples().filter((x) => x.lang === 'rust')) {
    assert.ok(s.tags.includes('fragment'), `${where(s)}: Rust samples are fragments (the crate's doc test runs the example)`)
    for (const m of s.code.matchAll(/use weapp_login::\{([^}]*)\}/g)) {
      for (const name of m[1].split(',').map((n) => n.trim()).filter(Boolean)) {
        assert.match(lib, new RegExp(`\\b${name}\\b`), `${where(s)}: ${name} is not re-exported by src/lib.rs`)
      }
    }
  }
})

// TypeScript: each sample is a file of a scratch project per kind (mini
// program, Node), the packed package in node_modules; a sample's path names
// its file (so a page's samples can import each other), under a folder per page.
let WORK
let INSTALLED
before(() => {
  WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-login-docs-'))
  const out = execFileSync('npm', ['pack', '--pack-destination', WORK, '--json', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PKG, encoding: 'utf8' })
  const tarball = path.join(WORK, JSON.parse(out)[0].filename)
  INSTALLED = path.join(WORK, 'weapp-login')
  fs.mkdirSync(INSTALLED)
  execFileSync('tar', ['xzf', tarball, '-C', INSTALLED, '--strip-components=1'])
})
after(() => fs.rmSync(WORK, { recursive: true, force: true }))

/** Which project a TypeScript sample belongs to. */
function kindOf (s) {
  if (s.tags.includes('fragment')) return 'fragment'
  if (s.tags.includes('node')) return 'node'
  if (s.lang === 'tsx' || /from '@tarojs\//.test(s.code)) return 'taro'
  if (/from 'vue'/.test(s.code) || /\buni\./.test(s.code) || /wx: uni\b/.test(s.code)) return 'uni'
  return 'miniprogram'
}

const FRAMEWORKS = path.join(ROOT, 'tests', 'frameworks-mp')
const PROJECTS = {
  // WeChat DevTools' TypeScript template (tests/js/helpers/devtools-template.js).
  miniprogram: {
    tsconfig: DEVTOOLS_TSCONFIG,
    setup (dir) {
      fs.cpSync(path.join(ROOT, 'node_modules', 'miniprogram-api-typings', 'types'), path.join(dir, 'typings', 'types'), { recursive: true })
      fs.writeFileSync(path.join(dir, 'typings', 'index.d.ts'), '/// <reference path="./types/index.d.ts" />\n')
    }
  },
  // Node (skipLibCheck: the @types/node installed here is older than TypeScript 7's lib; the package's own
  // declarations are checked without it by the mini program project and tests/types).
  node: {
    tsconfig: { compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: ['node'], skipLibCheck: true }, include: ['./**/*.ts'], exclude: ['node_modules'] },
    setup (dir) { fs.symlinkSync(path.join(ROOT, 'node_modules', '@types'), path.join(dir, 'node_modules', '@types')) }
  },
  // Taro 4 and uni-app, against the dependencies of the projects the framework tests build.
  taro: {
    tsconfig: { compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2020', jsx: 'react-jsx', skipLibCheck: true, types: [] }, include: ['./**/*.ts', './**/*.tsx'], exclude: ['node_modules'] },
    setup (dir) { linkAll(path.join(FRAMEWORKS, 'taro', 'node_modules'), path.join(dir, 'node_modules')) }
  },
  uni: {
    tsconfig: { compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2020', lib: ['es2020', 'dom'], skipLibCheck: true, types: ['@dcloudio/types'] }, include: ['./**/*.ts'], exclude: ['node_modules'] },
    setup (dir) { linkAll(path.join(FRAMEWORKS, 'uni', 'node_modules'), path.join(dir, 'node_modules')) }
  }
}

/** Links every package of `from` into `to` but weapp-login. */
function linkAll (from, to) {
  assert.ok(fs.existsSync(from), `${from} (installed by make setup)`)
  for (const name of fs.readdirSync(from)) {
    if (name === 'weapp-login' || name === '.bin' || fs.existsSync(path.join(to, name))) continue
    fs.symlinkSync(path.join(from, name), path.join(to, name))
  }
}

/** Writes the samples of `kind` into a fresh project; answers its directory. */
function projectFor (kind, version) {
  const dir = path.join(WORK, `${kind}-${version}`)
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true })
  fs.symlinkSync(INSTALLED, path.join(dir, 'node_modules', 'weapp-login'))
  PROJECTS[kind].setup(dir)
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(PROJECTS[kind].tsconfig))
  const counts = new Map()
  for (const s of allSamples().filter((x) => (x.lang === 'ts' || x.lang === 'tsx') && kindOf(x) === kind)) {
    const folder = s.page.replace(/[/.]/g, '_')
    const n = (counts.get(folder) || 0) + 1
    counts.set(folder, n)
    const file = path.join(dir, folder, s.file || `sample-${n}.${s.lang}`)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, `// ${where(s)}\n${s.code}`)
  }
  return { dir, files: [...counts.values()].reduce((a, b) => a + b, 0) }
}

for (const kind of Object.keys(PROJECTS)) {
  for (const version of [5, 7]) {
    test(`the docs' TypeScript samples for ${kind === 'miniprogram' ? 'mini programs' : kind} compile under strict on TypeScript ${version}`, () => {
      const { dir, files } = projectFor(kind, version)
      assert.ok(files > 0, `no ${kind} samples`)
      const r = spawnSync(process.execPath, [TSC[version], '-p', dir, '--noEmit'], { encoding: 'utf8' })
      assert.equal(r.status, 0, r.stdout + r.stderr)
    })
  }
}

// Links and paths.

/** GitHub's anchor of a heading. */
function slug (heading) {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
}
const anchorsOf = (text) => new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])))

test('every relative link leads to a file of the repository, and every anchor to a heading', () => {
  const texts = new Map(pages())
  for (const [page, text] of pages()) {
    const inFence = new Set(samples(page, text).flatMap((x) => [...Array(x.code.split('\n').length + 2).keys()].map((k) => x.line + k)))
    const prose = text.split('\n').filter((_, i) => !inFence.has(i + 1)).join('\n')
    for (const m of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = m[1]
      if (/^(https?:|mailto:)/.test(link)) continue
      const [file, anchor] = link.split('#')
      const target = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file))
      assert.ok(fs.existsSync(path.join(ROOT, target)), `${page}: ${link} (${target} does not exist)`)
      if (anchor !== undefined && target.endsWith('.md')) {
        const body = texts.get(target) ?? fs.readFileSync(path.join(ROOT, target), 'utf8')
        assert.ok(anchorsOf(body).has(anchor), `${page}: ${link} (no such heading in ${target})`)
      }
    }
  }
})

test('every repository or package path a page names exists', () => {
  const FIRST = /^(?:\.\/)?(src|pkg|tests|tools|www|bench|fuzz|wasm|docs|miniprogram_dist|dist|\.ci)\/[\w.@/*<>-]*$/
  let seen = 0
  for (const [page, text] of pages()) {
    for (const m of text.matchAll(/`([^`\s]+)`/g)) {
      const p = m[1].replace(/^\.\//, '')
      if (!FIRST.test(p) || /[*<>]/.test(p)) continue
      seen++
      const found = [ROOT, PKG].some((base) => fs.existsSync(path.join(base, p.replace(/\/$/, ''))))
      assert.ok(found, `${page}: \`${p}\` is in neither the repository nor the package`)
    }
  }
  assert.ok(seen > 20, `${seen} paths checked`)
})

test('each README stays within 250 lines, and the two languages link each other', () => {
  const zh = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const en = fs.readFileSync(path.join(ROOT, 'README.en.md'), 'utf8')
  assert.ok(zh.split('\n').length <= 250, `README.md: ${zh.split('\n').length} lines`)
  assert.ok(en.split('\n').length <= 250, `README.en.md: ${en.split('\n').length} lines`)
  assert.match(zh, /\]\(README\.en\.md\)/)
  assert.match(en, /\]\(README\.md\)/)
  for (const f of fs.readdirSync(DOCS).filter((x) => x.endsWith('.md') && !x.endsWith('.en.md'))) {
    const twin = f.replace(/\.md$/, '.en.md')
    assert.ok(fs.existsSync(path.join(DOCS, twin)), `docs/${twin}`)
    assert.match(fs.readFileSync(path.join(DOCS, f), 'utf8'), new RegExp(`\\]\\(${twin.replace('.', '\\.')}\\)`), `docs/${f} links its English twin`)
    assert.match(fs.readFileSync(path.join(DOCS, twin), 'utf8'), new RegExp(`\\]\\(${f.replace('.', '\\.')}\\)`), `docs/${twin} links its Chinese twin`)
  }
})

test('the README packed into the npm package speaks to package users: no repository commands or paths, absolute links', () => {
  const { packedReadme } = require(path.join(ROOT, 'tools', 'pack-readme.js'))
  const packed = packedReadme(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'))
  assert.doesNotMatch(packed, /\bmake (demo|test|build|bench)\b/)
  assert.doesNotMatch(packed, /`(tests|www|pkg|tools|bench|src)\//)
  assert.doesNotMatch(packed, /repo-only/)
  for (const m of packed.matchAll(/\]\(([^)\s]+)\)/g)) assert.match(m[1], /^(https:\/\/github\.com\/weapp-login\/weapp-login\/|#)/, m[1])
  const manifest = require(path.join(PKG, 'package.json'))
  assert.equal(manifest.repository.url, 'git+https://github.com/weapp-login/weapp-login.git')
  assert.equal(manifest.bugs.url, 'https://github.com/weapp-login/weapp-login/issues')
  assert.match(manifest.homepage, /^https:\/\/github\.com\/weapp-login\/weapp-login/)
})

test('the error pages are what tools/docs-errors.js writes from the core\'s table', () => {
  const { expected, PAGES } = require(path.join(ROOT, 'tools', 'docs-errors.js'))
  for (const page of Object.values(PAGES)) {
    assert.equal(fs.readFileSync(page.file, 'utf8'), expected(page), `${path.relative(ROOT, page.file)} is stale: run node tools/docs-errors.js`)
  }
  const table = require(path.join(PKG, 'dist', 'error-table.json'))
  const zh = fs.readFileSync(path.join(DOCS, 'errors.md'), 'utf8')
  for (const row of table) assert.ok(zh.includes(`| \`${row.code}\` | ${row.httpStatus} |`), row.code)
})

// Figures. Each is a figure of bench/results/results.md (as rounded there or
// to the docs' precision), or one of these budgets and limits, each checked
// against where it is enforced or defined.
const rules = () => require(path.join(PKG, 'dist', 'rules.json'))
const fileHas = (file, re) => re.test(fs.readFileSync(path.join(ROOT, file), 'utf8'))
const KIB = 1024
const MIB = 1024 * 1024
const SOURCES = {
  '48 KiB': () => fileHas('tests/js/platforms/miniprogram.test.js', /total <= 48 \* 1024/),
  '40 KiB': () => fileHas('tests/js/platforms/miniprogram.test.js', /budget: 40 KiB raw, 16 KiB brotli/),
  '16 KiB': () => fileHas('tests/js/platforms/miniprogram.test.js', /budget: 40 KiB raw, 16 KiB brotli/),
  '256 KiB': () => rules().handler.bodyLimit === 256 * KIB && fileHas('tests/js/packaging/wasm-features.test.js', /256 KiB raw/),
  '1 MiB': () => rules().handler.avatarLimit === MIB && rules().auth.avatarLimitBytes === MIB,
  '1.4 MiB': () => Math.ceil(rules().auth.avatarLimitBytes * 4 / 3 / MIB * 10) / 10 === 1.4, // its base64
  '1 KiB': () => fileHas('bench/results/results.md', /bytes per session once the codes have expired \(session \+ key ring\) \| [0-9]+ B \|[^\n]*< 1024/),
  '64 MiB': () => fileHas('tests/js/abuse/avatars.test.js', /'--maxmemory', '64mb'/),
  '25 ms': () => fileHas('pkg/src/server/auth/single-flight.js', /FIRST_WAIT_MS = 25\b/),
  '500 ms': () => fileHas('pkg/src/server/auth/single-flight.js', /MAX_WAIT_MS = 500\b/),
  '15 ms': () => fileHas('bench/results/results.md', /≤ 15 ms/)
}

/** `figure unit` pairs of bench/results/results.md, with the precision they are written in. */
function benchFigures () {
  const text = fs.readFileSync(path.join(ROOT, 'bench', 'results', 'results.md'), 'utf8')
  return [...text.matchAll(/([\d,]+(?:\.\d+)?) (KiB|MiB|ms|ns|req\/s|B)\b/g)].map((m) => ({ value: Number(m[1].replace(/,/g, '')), unit: m[2] }))
}

/** Whether the bench measured `value unit` (to the docs' precision; µs read from ns). */
function measured (value, unit, decimals) {
  const round = (v) => Number(v.toFixed(decimals))
  return benchFigures().some((f) => (f.unit === unit && round(f.value) === value) || (unit === 'µs' && f.unit === 'ns' && round(f.value / 1000) === value))
}

test('every size and timing in the docs is a tested budget, a rule of the core, or a figure of the bench', () => {
  const texts = [...userPages(), ['CONTRIBUTING.md#performance', fs.readFileSync(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8').split('## Performance')[1].split('\n## ')[0]]]
  let seen = 0
  for (const [page, text] of texts) {
    for (const m of text.matchAll(/(\d[\d,]*(?:\.\d+)?) ?(KiB|MiB|ms|µs|req\/s)\b/g)) {
      seen++
      const figure = `${m[1]} ${m[2]}`
      if (SOURCES[figure]) {
        assert.ok(SOURCES[figure](), `${page}: ${figure} no longer matches where it is enforced`)
        continue
      }
      const decimals = (m[1].split('.')[1] || '').length
      assert.ok(measured(Number(m[1].replace(/,/g, '')), m[2], decimals), `${page}: ${figure} is neither a tested budget nor a figure of bench/results/results.md`)
    }
  }
  assert.ok(seen > 10, `${seen} figures checked`)
})

test('the compatibility pages list only versions the tests run', () => {
  const root = require(path.join(ROOT, 'package.json')).devDependencies
  const versions = new Set(Object.values(root).map((v) => v.replace(/^npm:[^@]+@/, '')))
  for (const project of ['taro', 'uni']) {
    const manifest = require(path.join(FRAMEWORKS, project, 'package.json'))
    for (const v of Object.values({ ...manifest.dependencies, ...manifest.devDependencies })) versions.add(String(v))
  }
  const suite = fs.readFileSync(path.join(ROOT, 'tools', 'node-suite.js'), 'utf8').match(/NODE_VERSIONS \|\| '([^']+)'/)[1]
  for (const v of suite.split(/\s+/)) versions.add(v)
  versions.add(process.versions.node) // the machine's Node runs the suite too
  versions.add(require(path.join(PKG, 'src', 'base-library.js')).MIN_BASE_LIBRARY)
  const redis = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
  if (redis.status === 0) versions.add(redis.stdout.match(/v=([\d.]+)/)[1])
  for (const page of ['compatibility.md', 'compatibility.en.md']) {
    const text = fs.readFileSync(path.join(DOCS, page), 'utf8')
    const listed = [...text.matchAll(/\b(\d+\.\d+\.\d+(?:-\d+)?)\b/g)].map((m) => m[1])
    assert.ok(listed.length > 15, `${page}: ${listed.length} versions`)
    for (const v of listed) assert.ok(versions.has(v), `docs/${page}: ${v} is not a version the tests run`)
  }
})
