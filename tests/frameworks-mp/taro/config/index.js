// The Taro 4 config of the check project, as the README says plus one line:
// `plugins: ['weapp-login/taro']` (and Kuaishou's platform plugin, as docs/taro.md says). TARO_COMPILER picks webpack5 or vite,
// OUTPUT the folder (the test builds both from the same sources).
const { defineConfig } = require('@tarojs/cli')

module.exports = defineConfig(() => ({
  projectName: 'weapp-login-taro-check',
  date: '2026-11-28',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: process.env.OUTPUT || 'dist',
  plugins: ['weapp-login/taro', '@tarojs/plugin-platform-kwai'],
  framework: 'react',
  compiler: process.env.TARO_COMPILER === 'vite' ? 'vite' : { type: 'webpack5', prebundle: { enable: false } },
  cache: { enable: false },
  logger: { quiet: true, stats: false },
  mini: { postcss: { pxtransform: { enable: false }, cssModules: { enable: false } } }
}))
