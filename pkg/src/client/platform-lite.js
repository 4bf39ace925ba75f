'use strict'
// ./platform.js as WeChat's build (miniprogram_dist) carries it, swapped in
// by tools/build-client.js: `wx` on WeChat, and nothing of the other
// platforms' shapes (weapp-login/miniprogram-wasm and
// weapp-login/miniprogram-js serve those).

module.exports = {
  /** @type {(wx: any, options?: unknown) => { wx: any, platform: 'weixin' }} */
  adapt: (wx) => ({ wx, platform: 'weixin' }),
  /** @type {(platform?: string, res?: unknown) => object} */
  loginExtra: () => ({}),
  /** @type {(platform: string, event: unknown, ask?: unknown) => [unknown]} */
  phoneDetail: (platform, event) => [event]
}
