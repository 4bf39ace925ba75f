// Types of the mini program entry (`weapp-login` resolved through the
// `miniprogram` or `browser` export condition: Taro, uni-app, WeChat's
// "build npm"). A placeholder that re-exports the client types until the
// mini program's own declarations land.
export * from './client.js'
export { default } from './client.js'
