// The seed's flow: sign in, then "用户授权" (profile: avatar and nickname),
// then "绑定手机" (phone). Built with Component, as WeChat allows for pages;
// everything shown comes from client.state, so a relaunch renders at once.
const { client } = getApp()

/** What the page shows, from the client's state alone. */
function view (s) {
  const user = (s && s.user) || {}
  return {
    state: s ? s.name : 'signedOut',
    nextStep: s ? s.nextStep : 'login',
    nickName: user.nickName || '',
    avatarUrl: user.avatarUrl || '',
    // The server's masked number (138****8000); never the full one.
    phone: user.phoneNumber || (s && s.phone ? '已绑定' : '')
  }
}

Component({
  data: { state: 'signedOut', nextStep: 'login', nickName: '', avatarUrl: '', phone: '', draft: '', error: '', showPrivacy: false },

  lifetimes: {
    attached () {
      // The first setData: client.state is already what storage says (a
      // relaunch shows the signed-in user at once); the core confirms it.
      this.setData(view(client.state))
      this.unsubscribe = client.subscribe((s) => this.setData(view(s)))
      client.ready.then(() => this.setData(view(client.state)), (e) => this.fail(e))
      // Privacy (base library ≥ 2.32.3): WeChat asks here before a privacy-scoped
      // API runs; our popup answers with the user's choice.
      if (typeof wx.onNeedPrivacyAuthorization === 'function') {
        wx.onNeedPrivacyAuthorization((resolve) => {
          this.resolvePrivacy = resolve
          this.setData({ showPrivacy: true })
        })
      }
    },
    detached () {
      if (this.unsubscribe) this.unsubscribe()
    }
  },

  methods: {
    fail (e) {
      const code = (e && e.code) || 'ERR_INTERNAL'
      this.setData({ error: code })
      if (code === 'ERR_USER_DENIED') wx.showToast({ title: '已取消', icon: 'none' })
      if (code === 'ERR_PRIVACY_DENIED') client.requirePrivacy().catch(() => {}) // shows our popup; the user taps again after agreeing
      if (code === 'ERR_PHONE_QUOTA') wx.showToast({ title: '今日手机号验证次数已用完', icon: 'none' })
    },

    // <button id="agree-btn" open-type="agreePrivacyAuthorization" bindagreeprivacyauthorization="onAgreePrivacy">
    onAgreePrivacy () {
      if (this.resolvePrivacy) this.resolvePrivacy({ buttonId: 'agree-btn', event: 'agree' })
      this.resolvePrivacy = null
      this.setData({ showPrivacy: false, error: '' })
    },
    onDisagreePrivacy () {
      if (this.resolvePrivacy) this.resolvePrivacy({ event: 'disagree' })
      this.resolvePrivacy = null
      this.setData({ showPrivacy: false })
    },

    async onLogin () {
      try { await client.login(); this.setData({ error: '' }) } catch (e) { this.fail(e) }
    },

    // <button open-type="getPhoneNumber" bindgetphonenumber="onGetPhoneNumber">
    // (or open-type="getRealtimePhoneNumber" bindgetrealtimephonenumber: the same handler)
    async onGetPhoneNumber (e) {
      try { await client.getPhoneNumber(e); this.setData({ error: '' }) } catch (err) { this.fail(err) }
    },

    // The current way to a profile: <button open-type="chooseAvatar"> (uploaded with wx.uploadFile) ...
    async onChooseAvatar (e) {
      try { await client.chooseAvatar(e); this.setData({ error: '' }) } catch (err) { this.fail(err) }
    },

    // ... and <input type="nickname">: kept as typed, sent once WeChat's review passed.
    onNicknameInput (e) {
      this.setData({ draft: e.detail.value })
    },
    async onNicknameReview (e) {
      if (!e.detail.pass || !this.data.draft) return
      try { await client.setNickname(this.data.draft); this.setData({ error: '' }) } catch (err) { this.fail(err) }
    },

    // Legacy (base library < 2.27.1 only gives real data): call it from the tap itself.
    onLegacyProfile () {
      client.getUserProfile({ desc: '用于完善会员资料' }).catch((err) => this.fail(err))
    },

    async onLogout () {
      await client.logout()
      this.setData({ draft: '', error: '' })
    }
  }
})
