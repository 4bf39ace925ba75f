#!/usr/bin/env node
'use strict'
/**
 * `npx weapp-login miniprogram <platform> [folder]`: copies the mini program
 * build a native project on `platform` loads (the client's `platform`
 * option: `qq`, `toutiao`, `kuaishou`, `baidu`, `alipay`; `weixin` too) into
 * `folder` of the project (default `weapp-login`, relative to where it runs:
 * the mini program's root). QQ and Douyin get `dist/miniprogram-wasm`
 * (`index.js` and the `.wasm.br` their WebAssembly object loads), Alipay,
 * Baidu and Kuaishou `dist/miniprogram-js` (`index.js` alone). The folder
 * holds only those files (a folder with other files is refused); they are the project's own files
 * then, kept by every platform's compiler and upload, untouched by "build
 * npm". Prints each file with its bytes, the total, and where the page code
 * finds the build (`require` path, and the `wasmPath` to pass where a wasm
 * is loaded).
 *
 * @example
 * // in the mini program's root (where app.json is)
 * // npx weapp-login miniprogram toutiao
 */
const fs = require('fs')
const path = require('path')
const { PLATFORM_BUILDS, buildForPlatform, buildDir } = require('../wasm-asset')

const USAGE = `usage: weapp-login miniprogram <platform> [folder]
  platform: ${Object.keys(PLATFORM_BUILDS).join(' | ')}
  folder:   where in the mini program to put the build (default: weapp-login)`

/**
 * Copies `platform`'s build into `folder` under `cwd`; answers the files
 * written (relative to `folder`) with their bytes.
 * @param {string} platform
 * @param {string} folder
 * @param {string} cwd
 * @returns {{ build: string, files: { name: string, bytes: number }[], wasmPath: string | null }}
 */
function copyBuild (platform, folder, cwd) {
  const build = buildForPlatform(platform)
  if (build === undefined) throw new UsageError(`unknown platform ${JSON.stringify(platform)}`)
  const target = path.resolve(cwd, folder)
  const inside = path.relative(cwd, target)
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) throw new UsageError(`the folder must be inside ${cwd}`)
  const from = buildDir(build)
  // Only a folder a build was copied into is emptied: never someone's own files.
  const there = fs.existsSync(target) ? fs.readdirSync(target) : []
  if (there.length > 0 && !isCopiedBuild(target, there)) throw new UsageError(`${folder} holds files of its own (${there.slice(0, 3).join(', ')}): choose another folder`)
  for (const name of there) fs.rmSync(path.join(target, name), { force: true })
  fs.mkdirSync(target, { recursive: true })
  const files = fs.readdirSync(from).sort().map((name) => {
    fs.copyFileSync(path.join(from, name), path.join(target, name))
    return { name, bytes: fs.statSync(path.join(target, name)).size }
  })
  const wasm = files.find((f) => f.name.endsWith('.wasm.br'))
  const wasmPath = wasm ? '/' + inside.split(path.sep).concat(wasm.name.slice(0, -'.br'.length)).join('/') : null
  return { build, files, wasmPath }
}

/**
 * Whether `names` in `dir` are a build copied there: only the builds' file
 * names, and an `index.js` with wasm-bindgen's glue in it.
 * @param {string} dir
 * @param {string[]} names
 */
function isCopiedBuild (dir, names) {
  const ours = new Set(Object.values(PLATFORM_BUILDS).flatMap((b) => fs.readdirSync(buildDir(b))))
  if (!names.every((name) => ours.has(name)) || !names.includes('index.js')) return false
  const index = path.join(dir, 'index.js')
  return fs.statSync(index).isFile() && fs.readFileSync(index, 'utf8').includes('__wbindgen_export')
}

/** A mistake in the command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

function main (argv) {
  const [command, platform, folder = 'weapp-login', ...rest] = argv
  if (command !== 'miniprogram' || platform === undefined || rest.length > 0) throw new UsageError('')
  const cwd = process.cwd()
  const { build, files, wasmPath } = copyBuild(platform, folder, cwd)
  const total = files.reduce((n, f) => n + f.bytes, 0)
  const lines = [`weapp-login/${build} for ${platform} → ${folder}/`]
  for (const f of files) lines.push(`  ${f.name}  ${f.bytes} B`)
  lines.push(`  total  ${total} B (${(total / 1024).toFixed(2)} KiB)`)
  lines.push(`require: the path of ${folder}/index.js from your file`)
  if (wasmPath) lines.push(`createLoginClient({ …, wasmPath: '${wasmPath}' })`)
  process.stdout.write(lines.join('\n') + '\n')
}

if (require.main === module) {
  try {
    main(process.argv.slice(2))
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    process.stderr.write((e.message ? `weapp-login: ${e.message}\n` : '') + USAGE + '\n')
    process.exitCode = 2
  }
}

module.exports = { copyBuild }
