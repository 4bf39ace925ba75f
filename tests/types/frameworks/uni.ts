// A uni-app page's code, typed with uni-app's own typings (@dcloudio/types,
// as the uni-app project installs them): the global `uni` goes to the client
// without a cast. (@dcloudio/types types no button events; a page's handler
// takes them as WeChat's shape, which every mini program platform's uni-app
// build hands on.)
import { createLoginClient, isWeappLoginError } from 'weapp-login/miniprogram'
import type { PhoneNumberEvent } from 'weapp-login/miniprogram'

const client = createLoginClient({ uni, baseUrl: 'https://api.example.com/api', appId: 'wx1234567890abcdef' })

export async function onGetPhoneNumber (e: PhoneNumberEvent): Promise<string | undefined> {
  try {
    return (await client.getPhoneNumber(e)).purePhoneNumber
  } catch (err) {
    if (isWeappLoginError(err) && err.code === 'ERR_USER_DENIED') return undefined
    throw err
  }
}

export function onLoadUser (): () => void {
  const stop = client.subscribe((state) => uni.setNavigationBarTitle({ title: state.name === 'signedIn' ? '已登录' : '未登录' }))
  return stop
}
