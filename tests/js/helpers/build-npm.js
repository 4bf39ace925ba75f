'use strict'
// WeChat's "build npm", offline: npm pack the package, install the tarball
// into a mini program project, and run miniprogram-ci's packNpmManually,
// which lays it out under miniprogram_npm/ exactly as DevTools does.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const PKG = path.join(__dirname, '..', '..', '..', 'pkg')

async function buildNpm (project) {
  const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' })
  const [{ filename }] = JSON.parse(npm(['pack', '--pack-destination', project, '--json'], PKG))
  if (!fs.existsSync(path.join(project, 'package.json'))) {
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'mp', private: true, dependencies: {} }))
  }
  npm(['install', '--offline', path.join(project, filename)], project)
  const ci = require('miniprogram-ci')
  const result = await ci.packNpmManually({ packageJsonPath: path.join(project, 'package.json'), miniprogramNpmDistDir: project })
  if (result.miniProgramPackNum !== 1) throw new Error(`build npm packed ${result.miniProgramPackNum} packages`)
  return path.join(project, 'miniprogram_npm', 'weapp-login')
}

module.exports = { buildNpm }
