module.exports = {
  presets: [['taro', { framework: 'react', ts: false, compiler: process.env.TARO_COMPILER === 'vite' ? 'vite' : 'webpack5' }]]
}
