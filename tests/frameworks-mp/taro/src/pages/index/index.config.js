export default definePageConfig({ navigationBarTitleText: 'weapp-login' })
