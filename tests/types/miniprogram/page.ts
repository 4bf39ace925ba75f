// A native mini program page using every client call, typed with miniprogram-api-typings
// under `strict`, against the mini program entry's types (tsc --noEmit).
/// <reference types="miniprogram-api-typings" />
import { createLoginClient, WeappLoginError, type LoginState } from 'weapp-login'

const client = createLoginClient({ wx, baseUrl: 'https://api.example.com', appId: 'wx1234567890abcdef' })
const state: LoginState | null = client.state
void state

Page({
  data: { step: 'login' as LoginState['nextStep'], nickName: '', avatarUrl: '', phone: '', draft: '', error: '' },
  onLoad () {
    client.subscribe((s) => this.setData({ step: s.nextStep, nickName: s.user.nickName ?? '', avatarUrl: s.user.avatarUrl ?? '', phone: s.user.phoneNumber ?? '' }))
  },
  async onGetPhoneNumber (e: WechatMiniprogram.CustomEvent<{ errMsg: string; code?: string }>) {
    try {
      await client.getPhoneNumber(e)
    } catch (err) {
      if (err instanceof WeappLoginError && err.code === 'ERR_PRIVACY_DENIED') wx.showToast({ title: '请先同意隐私保护指引', icon: 'none' })
      if (err instanceof WeappLoginError && err.code === 'ERR_PHONE_QUOTA') this.setData({ error: String(err.errno) })
    }
  },
  async onGetRealtimePhoneNumber (e: WechatMiniprogram.CustomEvent<{ errMsg: string; code?: string }>) {
    await client.getRealtimePhoneNumber(e)
  },
  async onChooseAvatar (e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
    await client.chooseAvatar(e)
  },
  onNicknameInput (e: WechatMiniprogram.Input) {
    this.setData({ draft: e.detail.value })
  },
  async onNicknameReview (e: WechatMiniprogram.CustomEvent<{ pass: boolean; timeout: boolean }>) {
    if (e.detail.pass) await client.setNickname(this.data.draft)
  },
  async onSubmit (e: WechatMiniprogram.CustomEvent<{ value: { nickName: string } }>) {
    await client.setNickname(e)
  },
  async onLoadOrders () {
    const orders = await client.request<{ id: string }[]>({ url: '/orders' })
    const opts = client.authorize({ url: 'https://api.example.com/x', method: 'GET' as const })
    wx.request({ ...opts, success: () => {} })
    return orders.map((o) => o.id)
  },
  onLegacyProfileTap () {
    void client.getUserProfile({ desc: '用于完善会员资料' })
  },
  async onLogout () {
    await client.logout()
  }
})
