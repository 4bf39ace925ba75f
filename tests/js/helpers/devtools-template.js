'use strict'
// WeChat DevTools' TypeScript template ("TS 基础模板"), as a new project
// comes: the mini program in miniprogram/ (miniprogramRoot), the TypeScript
// compiler plugin on, package.json and tsconfig.json at the project's root,
// the official typings (miniprogram-api-typings) copied into typings/types.
// tsconfig.json: CommonJS, strict, no moduleResolution (TypeScript 5: node10,
// which reads files at the package root; TypeScript 7: bundler with the
// `require` condition), no skipLibCheck (as in TellMeY76/miniprogram-ts-template).

const fs = require('node:fs')
const path = require('node:path')

const TYPINGS = path.join(__dirname, '..', '..', '..', 'node_modules', 'miniprogram-api-typings')

const TSCONFIG = {
  compilerOptions: {
    strictNullChecks: true,
    noImplicitAny: true,
    module: 'CommonJS',
    target: 'ES2020',
    allowJs: true,
    allowSyntheticDefaultImports: true,
    esModuleInterop: true,
    experimentalDecorators: true,
    noImplicitThis: true,
    noImplicitReturns: true,
    alwaysStrict: true,
    noFallthroughCasesInSwitch: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    strict: true,
    strictPropertyInitialization: true,
    lib: ['ES2020'],
    typeRoots: ['./typings']
  },
  include: ['./**/*.ts'],
  exclude: ['node_modules']
}

const PROJECT_CONFIG = {
  description: '项目配置文件',
  miniprogramRoot: 'miniprogram/',
  compileType: 'miniprogram',
  setting: {
    useCompilerPlugins: ['typescript'],
    babelSetting: { ignore: [], disablePlugins: [], outputPath: '' },
    coverView: false,
    postcss: false,
    minified: false,
    enhance: false,
    showShadowRootInWxmlPanel: false,
    packNpmRelationList: [],
    ignoreUploadUnusedFiles: true
  },
  simulatorType: 'wechat',
  simulatorPluginLibVersion: {},
  condition: {},
  srcMiniprogramRoot: 'miniprogram/',
  editorSetting: { tabIndent: 'insertSpaces', tabSize: 2 },
  libVersion: '3.6.0',
  packOptions: { ignore: [], include: [] },
  appid: 'wx1234567890abcdef'
}

const APP_JSON = {
  pages: ['pages/index/index', 'pages/logs/logs'],
  window: { backgroundTextStyle: 'light', navigationBarBackgroundColor: '#fff', navigationBarTitleText: 'Weixin', navigationBarTextStyle: 'black' },
  style: 'v2',
  sitemapLocation: 'sitemap.json',
  lazyCodeLoading: 'requiredComponents'
}

const TYPINGS_INDEX = `/// <reference path="./types/index.d.ts" />

interface IAppOption {
  globalData: {
    userInfo?: WechatMiniprogram.UserInfo,
  }
  userInfoReadyCallback?: WechatMiniprogram.GetUserInfoSuccessCallback,
}
`

const write = (file, value) => {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2) + '\n')
}

/**
 * Writes a new project of the template into `dir`: its configuration, typings
 * and app.json (the template's sample pages and styles are left out), and
 * the typings package as the template's own `npm install` puts it into
 * node_modules (the version installed here).
 */
function devtoolsProject (dir) {
  const { version } = require(path.join(TYPINGS, 'package.json'))
  write(path.join(dir, 'package.json'), { name: 'miniprogram-ts-quickstart', version: '1.0.0', description: '', scripts: {}, keywords: [], author: '', license: '', dependencies: {}, devDependencies: { 'miniprogram-api-typings': `^${version}` } })
  write(path.join(dir, 'project.config.json'), PROJECT_CONFIG)
  write(path.join(dir, 'tsconfig.json'), TSCONFIG)
  write(path.join(dir, 'typings', 'index.d.ts'), TYPINGS_INDEX)
  fs.cpSync(path.join(TYPINGS, 'types'), path.join(dir, 'typings', 'types'), { recursive: true })
  fs.cpSync(TYPINGS, path.join(dir, 'node_modules', 'miniprogram-api-typings'), { recursive: true })
  write(path.join(dir, 'miniprogram', 'app.json'), APP_JSON)
  write(path.join(dir, 'miniprogram', 'sitemap.json'), { rules: [{ action: 'allow', page: '*' }] })
  return dir
}

module.exports = { TSCONFIG, devtoolsProject }
