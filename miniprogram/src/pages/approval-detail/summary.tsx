import Taro from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import type { Approval } from '../../services/types'
import ApprovalStatusPill from '../../components/approval-status'
import { approvalTypeMeta } from '../../utils/approval-labels'
import { formatFen } from '../../utils/money'
import { formatDate, formatMonthDayTime } from '../../utils/time'

/** What is asked for: type, amount, customer, who, when, why, and the receipts. */
export default function ApprovalSummary({ approval: a }: { approval: Approval }) {
  const meta = approvalTypeMeta(a.type)
  const photos = a.attachments ?? []
  const openCustomer = () => a.customer && Taro.navigateTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(a.customer.id)}` })
  return (
    <>
      <View className='card ad-summary'>
        <View className='ad-summary__top'>
          <View className='ad-summary__glyph' style={{ background: meta.color }}>
            {meta.glyph}
          </View>
          <Text className='ad-summary__type'>{meta.label}申请</Text>
          <ApprovalStatusPill status={a.status} testId='approval-detail-status' />
        </View>
        <Text className='ad-summary__amount' data-testid='approval-detail-amount'>
          {formatFen(a.amountFen)}
        </Text>
        <View className='ad-info'>
          <View className='ad-info__row'>
            <Text className='ad-info__label'>客户</Text>
            {a.customer ? (
              <Text className='ad-info__value link' data-testid='approval-detail-customer' onClick={openCustomer}>
                {a.customer.name}
              </Text>
            ) : (
              <Text className='ad-info__value ad-info__value--muted'>未关联客户</Text>
            )}
          </View>
          <View className='ad-info__row'>
            <Text className='ad-info__label'>申请人</Text>
            <Text className='ad-info__value'>{a.requester.name}</Text>
          </View>
          {a.occurredOn && (
            <View className='ad-info__row'>
              <Text className='ad-info__label'>发生日期</Text>
              <Text className='ad-info__value'>{a.occurredOn}</Text>
            </View>
          )}
          <View className='ad-info__row'>
            <Text className='ad-info__label'>提交时间</Text>
            <Text className='ad-info__value'>
              {formatDate(a.createdAt)} {formatMonthDayTime(a.createdAt).slice(6)}
              {a.round > 1 ? ` · 第${a.round}轮` : ''}
            </Text>
          </View>
          <View className='ad-info__row ad-info__row--block'>
            <Text className='ad-info__label'>事由</Text>
            <Text className='ad-info__reason' data-testid='approval-detail-reason'>
              {a.reason}
            </Text>
          </View>
        </View>
      </View>
      {photos.length > 0 && (
        <View className='card'>
          <View className='card-title'>
            <Text>票据照片</Text>
            <Text className='detail-count'>{photos.length} 张</Text>
          </View>
          <View className='ad-photos' data-testid='approval-detail-photos'>
            {photos.map((p) => (
              <Image
                key={p.id}
                className='ad-photos__img'
                src={p.url}
                mode='aspectFill'
                onClick={() => Taro.previewImage({ current: p.url, urls: photos.map((x) => x.url) }).catch(() => undefined)}
              />
            ))}
          </View>
        </View>
      )}
    </>
  )
}
