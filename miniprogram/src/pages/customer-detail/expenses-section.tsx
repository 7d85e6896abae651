import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { Customer, CustomerExpenses } from '../../services/types'
import type { Resource } from '../../hooks/use-resource'
import StateView from '../../components/state-view'
import { approvalTypeMeta } from '../../utils/approval-labels'
import { formatFen } from '../../utils/money'
import { formatDate } from '../../utils/time'

/** 费用: what was approved for this customer (sum and list), and 申请费用 for it. */
export default function ExpensesSection({ customer, expenses, canApply }: { customer: Customer; expenses: Resource<CustomerExpenses | null>; canApply: boolean }) {
  const { data, loading, error, reload } = expenses
  const apply = () =>
    Taro.navigateTo({
      url: `/pages/approval-new/index?customerId=${encodeURIComponent(customer.id)}&customerName=${encodeURIComponent(customer.name)}`
    })
  return (
    <View className='card' data-testid='customer-expenses'>
      <View className='card-title'>
        <Text>费用</Text>
        {canApply && (
          <Text className='link detail-add' data-testid='customer-expense-apply' onClick={apply}>
            + 申请费用
          </Text>
        )}
      </View>
      <StateView compact loading={loading && !data} error={data ? null : error} onRetry={reload} empty={!data || data.items.length === 0} emptyText='还没有已批准的费用'>
        {data && (
          <>
            <View className='detail-expenses__total'>
              <Text>已批准合计</Text>
              <Text className='detail-expenses__sum' data-testid='customer-expenses-total'>
                {formatFen(data.totalFen)}
              </Text>
            </View>
            {data.items.map((a) => {
              const meta = approvalTypeMeta(a.type)
              return (
                <View
                  key={a.approvalId}
                  className='detail-expenses__item'
                  data-testid={`customer-expense-${a.approvalId}`}
                  onClick={() => Taro.navigateTo({ url: `/pages/approval-detail/index?id=${encodeURIComponent(a.approvalId)}` })}
                >
                  <Text className='detail-expenses__type' style={{ color: meta.color }}>
                    {meta.label}
                  </Text>
                  <View className='detail-expenses__main'>
                    <Text className='detail-expenses__reason'>{a.reason}</Text>
                    <Text className='detail-expenses__meta'>
                      {a.requester?.name ?? ''}{a.occurredOn || a.approvedAt ? ` · ${a.occurredOn ?? formatDate(a.approvedAt!)}` : ''}
                    </Text>
                  </View>
                  <Text className='detail-expenses__amount'>{formatFen(a.amountFen)}</Text>
                </View>
              )
            })}
          </>
        )}
      </StateView>
    </View>
  )
}
