import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { Customer } from '../../services/types'
import { formatDate } from '../../utils/time'

function InfoRow({ label, value }: { label: string; value?: string | null }) {
  return (
    <View className='detail-info__row'>
      <Text className='detail-info__label'>{label}</Text>
      <Text className={`detail-info__value ${value ? '' : 'detail-info__value--empty'}`}>{value || '未填写'}</Text>
    </View>
  )
}

function call(phone: string) {
  // Cancelling the dial sheet rejects; there is nothing to tell the user.
  Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
}

/** 基本信息 and 联系人 (with one-tap dialling) of the customer detail page. */
export default function ProfileCards({ customer }: { customer: Customer }) {
  return (
    <>
      <View className='card detail-info'>
        <View className='card-title'>基本信息</View>
        <InfoRow label='行业' value={customer.industry} />
        <InfoRow label='规模' value={customer.size} />
        <InfoRow label='地区' value={customer.region} />
        <InfoRow label='来源' value={customer.source} />
        {customer.createdAt && <InfoRow label='创建于' value={formatDate(customer.createdAt)} />}
      </View>

      <View className='card'>
        <View className='card-title'>联系人</View>
        {customer.contacts.length === 0 ? (
          <View className='detail-empty'>暂无联系人，可在编辑中添加</View>
        ) : (
          customer.contacts.map((c, i) => (
            <View key={c.id ?? i} className='detail-contact'>
              <View className='detail-contact__main'>
                <Text className='detail-contact__name'>{c.name}</Text>
                {c.title && <Text className='detail-contact__title'>{c.title}</Text>}
                {c.externalUserId && (
                  <Text className='detail-contact__wecom' data-testid={`contact-wecom-${i}`}>
                    企业微信：{(c.wecomFollowers ?? []).length ? (c.wecomFollowers ?? []).map((f) => f.name).join('、') + ' 跟进' : '已关联（当前无人跟进）'}
                  </Text>
                )}
              </View>
              {c.phone ? (
                <View className='detail-contact__call' data-testid={`contact-call-${i}`} onClick={() => call(c.phone as string)}>
                  <Text className='detail-contact__phone'>{c.phone}</Text>
                  <Text className='detail-contact__call-btn'>拨打</Text>
                </View>
              ) : (
                <Text className='detail-contact__nophone'>无电话</Text>
              )}
            </View>
          ))
        )}
      </View>
    </>
  )
}
