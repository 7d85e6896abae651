import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useCallback, useEffect, useRef } from 'react'
import StateView from '../../components/state-view'
import { usePagedList } from '../../hooks/use-paged-list'
import { consumeStale } from '../../services/session'
import type { WecomContact } from '../../services/types'
import { listWecomContacts } from '../../services/wecom-contacts'
import { formatDate } from '../../utils/time'
import './index.scss'

const PAGE_SIZE = 20

/** 待建档: my WeCom customers that no customer record knows yet, each one tap from a record. */
export default function WecomContactsPage() {
  const fetchPage = useCallback((page: number) => listWecomContacts({ linked: false, page, pageSize: PAGE_SIZE }), [])
  const { items, total, loading, loadingMore, error, moreError, hasMore, load } = usePagedList<WecomContact>(fetchPage)
  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    loadRef.current(true)
  }, [])
  // Back from 建档 or 关联: the contact has left the list.
  useDidShow(() => {
    if (consumeStale('wecom-contacts')) loadRef.current(true)
  })
  usePullDownRefresh(async () => {
    try {
      await loadRef.current(true)
    } finally {
      Taro.stopPullDownRefresh()
    }
  })
  useReachBottom(() => {
    if (hasMore && !loading && !loadingMore && !moreError) load(false)
  })

  const create = (c: WecomContact) => Taro.navigateTo({ url: `/pages/customer-new/index?externalUserId=${encodeURIComponent(c.externalUserId)}` })
  const link = (c: WecomContact) => Taro.navigateTo({ url: `/pages/wecom-contact/index?externalUserId=${encodeURIComponent(c.externalUserId)}` })

  return (
    <View className='wecom-contacts' data-testid='wecom-contacts-page'>
      {!loading && !error && total > 0 && (
        <View className='wecom-contacts__intro'>
          <Text>{total} 位企业微信客户尚未建档，建档后才能跟进、交接。</Text>
        </View>
      )}
      <StateView
        loading={loading}
        error={error}
        onRetry={() => load(true)}
        empty={items.length === 0}
        emptyText='企业微信客户都已建档'
      >
        {items.map((c) => (
          <View key={c.externalUserId} className='card wecom-contact-row' data-testid={`wecom-contact-${c.externalUserId}`}>
            <View className='wecom-contact-row__main' onClick={() => link(c)}>
              <Text className='wecom-contact-row__name'>{c.name}</Text>
              {c.corpName && <Text className='wecom-contact-row__corp'>{c.corpName}</Text>}
              <Text className='wecom-contact-row__meta'>
                {c.addedAt ? `${formatDate(c.addedAt)} 添加` : '已添加'}
                {c.followedBy.length > 1 ? ` · ${c.followedBy.map((f) => f.name).join('、')} 都在跟进` : ''}
              </Text>
            </View>
            <View className='wecom-contact-row__actions'>
              <View className='btn wecom-contact-row__btn' data-testid={`wecom-create-${c.externalUserId}`} onClick={() => create(c)}>
                建档
              </View>
              <View className='btn btn--ghost wecom-contact-row__btn' data-testid={`wecom-link-${c.externalUserId}`} onClick={() => link(c)}>
                关联已有
              </View>
            </View>
          </View>
        ))}
        {items.length > 0 && (
          <View className='wecom-contacts__footer'>
            {loadingMore ? '加载中…' : moreError ? <Text className='link' onClick={() => load(false)}>{moreError}，点此重试</Text> : hasMore ? '' : '没有更多了'}
          </View>
        )}
      </StateView>
    </View>
  )
}
