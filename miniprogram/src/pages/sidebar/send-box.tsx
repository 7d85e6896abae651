import Taro from '@tarojs/taro'
import { View, Text, Input } from '@tarojs/components'
import { useState } from 'react'
import { errorMessage } from '../../services/api'
import { canSendToChat, sendToCurrentChat } from '../../services/wecom'

/** One tap 发送到聊天/发送到群: a short customer-facing text or a link, sent by the member through the client. */
export default function SendBox({ label }: { label: string }) {
  const [text, setText] = useState('')
  const [sending, setSending] = useState(false)
  if (!canSendToChat()) return null
  const send = async () => {
    const content = text.trim()
    if (!content || sending) return
    setSending(true)
    try {
      await sendToCurrentChat(/^https?:\/\/\S+$/.test(content)
        ? { msgtype: 'news', news: { link: content, title: content } }
        : { msgtype: 'text', text: { content } })
      setText('')
      Taro.showToast({ title: '已发送', icon: 'success' })
    } catch (e) {
      Taro.showToast({ title: errorMessage(e), icon: 'none' })
    } finally {
      setSending(false)
    }
  }
  return (
    <View className='card sidebar__send'>
      <View className='sidebar__section-title'>{label}</View>
      <Input className='sidebar__send-input' data-testid='sidebar-send-input' value={text} maxlength={500} placeholder='输入一句话或一个链接' onInput={(e) => setText(e.detail.value)} />
      <View className={`btn btn--ghost ${text.trim() ? '' : 'btn--disabled'}`} data-testid='sidebar-send' onClick={send}>
        <Text>{sending ? '发送中…' : label}</Text>
      </View>
    </View>
  )
}
