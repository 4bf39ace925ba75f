// A mini program page typed with miniprogram-api-typings, using the package
// as the README shows (tsc --noEmit).
/// <reference types="miniprogram-api-typings" />
import { createLoginClient, WeappLoginError, type LoginState } from 'weapp-login'

const client = createLoginClient({ wx, baseUrl: 'https://api.example.com', appId: 'wx1234567890abcdef' })

Page({
  data: { phone: '', step: 'login' as LoginState['nextStep'], error: '' },
  onLoad () {
    client.subscribe((state) => this.setData({ step: state.nextStep }))
    client.login().catch((e: unknown) => this.setData({ error: e instanceof WeappLoginError ? e.code : 'unknown' }))
  },
  async onGetPhoneNumber (e: WechatMiniprogram.CustomEvent<{ errMsg: string; code?: string }>) {
    try {
      const { phoneNumber } = await client.getPhoneNumber(e)
      this.setData({ phone: phoneNumber })
    } catch (err) {
      if (err instanceof WeappLoginError && err.code === 'ERR_USER_DENIED') wx.showToast({ title: '已取消', icon: 'none' })
    }
  },
  async onChooseAvatar (e: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
    const { avatarUrl } = await client.chooseAvatar(e)
    this.setData({ avatar: avatarUrl })
  },
  async onNickname (e: WechatMiniprogram.Input) {
    await client.setNickname(e)
  },
  onLegacyProfileTap () {
    void client.getUserProfile({ desc: '用于完善会员资料' })
  },
  async onLogout () {
    await client.logout()
  }
})
