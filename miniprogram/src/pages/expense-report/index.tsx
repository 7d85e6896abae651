import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View, Text, Picker } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { getExpenseReport } from '../../services/approvals'
import type { ExpenseReport } from '../../services/types'
import StateView from '../../components/state-view'
import { useResource } from '../../hooks/use-resource'
import { formatFen } from '../../utils/money'
import { pickerToday } from '../../utils/time'
import { monthLabel, shiftMonth } from './month'
import ReportTable from './report-table'
import './index.scss'

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

const SCOPE_LABEL = { all: '全公司', team: '本部门', mine: '我的' } as const

/** 费用报表: approved expenses of one month, per rep and per customer (`?month=YYYY-MM`). */
export default function ExpenseReportPage() {
  const { params } = useRouter()
  const thisMonth = pickerToday().slice(0, 7)
  const [month, setMonth] = useState(params.month && MONTH.test(params.month) ? params.month : thisMonth)

  const report = useResource<ExpenseReport | null>(useCallback(() => getExpenseReport(month), [month]), null)
  const { data, loading, error, reload } = report

  useEffect(() => {
    reload()
  }, [reload])

  usePullDownRefresh(async () => {
    try {
      await reload()
    } finally {
      Taro.stopPullDownRefresh()
    }
  })

  const shown = data && data.month === month ? data : null

  return (
    <View className='expense-report' data-testid='expense-report'>
      <View className='expense-report__bar'>
        <View className='expense-report__arrow' data-testid='report-prev' onClick={() => setMonth(shiftMonth(month, -1))}>
          ‹
        </View>
        <Picker mode='date' fields='month' value={month} end={thisMonth} onChange={(e) => setMonth(e.detail.value.slice(0, 7))}>
          <View className='expense-report__month' data-testid='report-month'>
            {monthLabel(month)} ▾
          </View>
        </Picker>
        <View
          className={`expense-report__arrow ${month >= thisMonth ? 'expense-report__arrow--off' : ''}`}
          data-testid='report-next'
          onClick={() => month < thisMonth && setMonth(shiftMonth(month, 1))}
        >
          ›
        </View>
      </View>

      <StateView loading={loading && !shown} error={shown ? null : error} onRetry={reload}>
        {shown && (
          <>
            <View className='card expense-report__summary'>
              <Text className='expense-report__label'>
                {shown.scope ? `${SCOPE_LABEL[shown.scope]} · ` : ''}
                {monthLabel(month)}已批准费用{typeof shown.count === 'number' ? ` · ${shown.count} 笔` : ''}
              </Text>
              <Text className='expense-report__total' data-testid='report-total'>
                {formatFen(shown.totalFen)}
              </Text>
            </View>
            <ReportTable title='按成员' nameHeading='成员' rows={shown.byRep} nameOf={(r) => r.user?.name ?? '—'} testId='report-by-rep' />
            <ReportTable
              title='按客户'
              nameHeading='客户'
              rows={shown.byCustomer}
              nameOf={(r) => r.customer?.name ?? '未关联客户'}
              onRow={(r) => r.customer && Taro.navigateTo({ url: `/pages/customer-detail/index?id=${encodeURIComponent(r.customer.id)}` })}
              testId='report-by-customer'
            />
            <Text className='expense-report__note'>费用/成交：费用与成交金额之比，商机与合同上线后显示。</Text>
          </>
        )}
      </StateView>
    </View>
  )
}
