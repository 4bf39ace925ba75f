import { View, Button } from '@tarojs/components'
import { createLoginClient } from 'weapp-login'

export default function Index () {
  return <View><Button openType='getPhoneNumber'>{typeof createLoginClient}</Button></View>
}
