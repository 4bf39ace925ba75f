// A Taro 4 page's handlers, typed with Taro's own typings (@tarojs/taro,
// @tarojs/components as the Taro project installs them): its events go to
// the client without a cast, whatever platform Taro builds for.
import Taro from '@tarojs/taro'
import type { BaseEventOrig, ButtonProps, InputProps } from '@tarojs/components'
import { createLoginClient, isWeappLoginError } from 'weapp-login/miniprogram'

const client = createLoginClient({ Taro, baseUrl: 'https://api.example.com/api', appId: 'wx1234567890abcdef' })

export async function onGetPhoneNumber (e: BaseEventOrig<ButtonProps.onGetPhoneNumberEventDetail>): Promise<string | undefined> {
  try {
    return (await client.getPhoneNumber(e)).purePhoneNumber
  } catch (err) {
    if (isWeappLoginError(err) && err.code === 'ERR_USER_DENIED') return undefined
    throw err
  }
}

/** Taro types the avatar button's event as its handler's parameter. */
type ChooseAvatarEvent = Parameters<NonNullable<ButtonProps['onChooseAvatar']>>[0]

export async function onChooseAvatar (e: ChooseAvatarEvent): Promise<string | undefined> {
  return (await client.chooseAvatar(e)).avatarUrl
}

export async function onNickname (e: BaseEventOrig<InputProps.inputEventDetail>): Promise<void> {
  await client.setNickname(e.detail.value)
}
