'use strict'
// WeChat's "build npm", offline: npm pack the package, install the tarball
// into a mini program project, and run miniprogram-ci's packNpmManually,
// which lays it out under miniprogram_npm/ exactly as DevTools does, where
// the project's project.config.json says (its packNpmRelationList when
// packNpmManually is set; else DevTools' default, the package.json in
// miniprogramRoot).

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const PKG = path.join(__dirname, '..', '..', '..', 'pkg')

const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' })

/** `npm pack` of pkg/ into `dir`: the tarball's path. */
function packTarball (dir) {
  const [{ filename }] = JSON.parse(npm(['pack', '--pack-destination', dir, '--json'], PKG))
  return path.join(dir, filename)
}

/** `npm install <tarball>`, offline, in `dir` (a package.json is written there if it has none). */
function installTarball (dir, tarball) {
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'mp', private: true, dependencies: {} }))
  }
  npm(['install', '--offline', tarball], dir)
}

/** DevTools' "Tools → Build npm" for the project at `project`: the miniprogram_npm/weapp-login folders it made. */
async function packNpm (project) {
  const { miniprogramRoot = '', setting = {} } = JSON.parse(fs.readFileSync(path.join(project, 'project.config.json'), 'utf8'))
  const relations = setting.packNpmManually
    ? setting.packNpmRelationList
    : [{ packageJsonPath: path.join(miniprogramRoot, 'package.json'), miniprogramNpmDistDir: miniprogramRoot }]
  const ci = require('miniprogram-ci')
  const out = []
  for (const relation of relations) {
    const packageJsonPath = path.join(project, relation.packageJsonPath)
    const miniprogramNpmDistDir = path.join(project, relation.miniprogramNpmDistDir)
    const result = await ci.packNpmManually({ packageJsonPath, miniprogramNpmDistDir })
    if (result.miniProgramPackNum !== 1) throw new Error(`build npm packed ${result.miniProgramPackNum} packages`)
    out.push(path.join(miniprogramNpmDistDir, 'miniprogram_npm', 'weapp-login'))
  }
  return out
}

/** Packs, installs into `project` and builds npm: miniprogram_npm/weapp-login (the project is its own npm root). */
async function buildNpm (project) {
  installTarball(project, packTarball(project))
  const ci = require('miniprogram-ci')
  const result = await ci.packNpmManually({ packageJsonPath: path.join(project, 'package.json'), miniprogramNpmDistDir: project })
  if (result.miniProgramPackNum !== 1) throw new Error(`build npm packed ${result.miniProgramPackNum} packages`)
  return path.join(project, 'miniprogram_npm', 'weapp-login')
}

module.exports = { buildNpm, packTarball, installTarball, packNpm }
