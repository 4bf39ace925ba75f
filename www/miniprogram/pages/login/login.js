// The seed's flow: sign in, then "用户授权" (profile), then "绑定手机" (phone).
const { client } = getApp()

Page({
  data: { state: 'signedOut', nextStep: 'login', nickName: '', avatarUrl: '', phone: '', error: '' },

  onLoad () {
    this.unsubscribe = client.subscribe((s) => this.setData({ state: s.name, nextStep: s.nextStep }))
    client.ready.then(() => client.state && this.setData({ state: client.state.name, nextStep: client.state.nextStep }))
  },

  onUnload () {
    if (this.unsubscribe) this.unsubscribe()
  },

  fail (e) {
    this.setData({ error: (e && e.code) || 'ERR_INTERNAL' })
    if (e && e.code === 'ERR_USER_DENIED') wx.showToast({ title: '已取消', icon: 'none' })
  },

  async onLogin () {
    try { await client.login() } catch (e) { this.fail(e) }
  },

  // <button open-type="getPhoneNumber" bindgetphonenumber="onGetPhoneNumber">
  async onGetPhoneNumber (e) {
    try {
      const { countryCode, purePhoneNumber } = await client.getPhoneNumber(e)
      this.setData({ phone: `+${countryCode} ${purePhoneNumber}`, error: '' })
    } catch (err) { this.fail(err) }
  },

  // The current way to a profile: <button open-type="chooseAvatar"> ...
  async onChooseAvatar (e) {
    try {
      const { avatarUrl } = await client.chooseAvatar(e)
      this.setData({ avatarUrl })
    } catch (err) { this.fail(err) }
  },

  // ... and <input type="nickname">.
  async onNickname (e) {
    try {
      const userInfo = await client.setNickname(e)
      this.setData({ nickName: userInfo.nickName, error: '' })
    } catch (err) { this.fail(err) }
  },

  // Legacy (base library < 2.27.1 only gives real data): call it from the tap itself.
  onLegacyProfile () {
    client.getUserProfile({ desc: '用于完善会员资料' })
      .then((userInfo) => this.setData({ nickName: userInfo.nickName }), (err) => this.fail(err))
  },

  async onLogout () {
    await client.logout()
    this.setData({ nickName: '', avatarUrl: '', phone: '' })
  }
})
