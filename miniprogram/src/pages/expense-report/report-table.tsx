import { View, Text } from '@tarojs/components'
import type { ExpenseReportRow } from '../../services/types'
import { formatFen } from '../../utils/money'

interface Props {
  title: string
  /** the first column's heading: 成员 / 客户 */
  nameHeading: string
  rows: ExpenseReportRow[]
  nameOf: (row: ExpenseReportRow) => string
  onRow?: (row: ExpenseReportRow) => void
  testId: string
}

/**
 * One table of the report, with its totals. The 费用/成交 column stays empty until the pipeline
 * brings deal amounts (the ratio is the server's to compute).
 */
export default function ReportTable({ title, nameHeading, rows, nameOf, onRow, testId }: Props) {
  const totalFen = rows.reduce((sum, r) => sum + r.totalFen, 0)
  const totalCount = rows.reduce((sum, r) => sum + (r.count ?? 0), 0)
  const hasCount = rows.some((r) => typeof r.count === 'number')
  return (
    <View className='card report-table' data-testid={testId}>
      <View className='card-title'>
        <Text>{title}</Text>
        <Text className='report-table__n'>{rows.length} 项</Text>
      </View>
      <View className='report-table__row report-table__row--head'>
        <Text className='report-table__name'>{nameHeading}</Text>
        {hasCount && <Text className='report-table__count'>笔数</Text>}
        <Text className='report-table__amount'>金额</Text>
        <Text className='report-table__ratio'>费用/成交</Text>
      </View>
      {rows.length === 0 && <View className='report-table__empty'>本月没有已批准的费用</View>}
      {rows.map((r, i) => (
        <View key={i} className={`report-table__row ${onRow ? 'report-table__row--link' : ''}`} data-testid={`${testId}-row`} onClick={() => onRow?.(r)}>
          <Text className='report-table__name'>{nameOf(r)}</Text>
          {hasCount && <Text className='report-table__count'>{r.count ?? '—'}</Text>}
          <Text className='report-table__amount'>{formatFen(r.totalFen)}</Text>
          <Text className='report-table__ratio report-table__ratio--pending'>—</Text>
        </View>
      ))}
      {rows.length > 0 && (
        <View className='report-table__row report-table__row--total' data-testid={`${testId}-total`}>
          <Text className='report-table__name'>合计</Text>
          {hasCount && <Text className='report-table__count'>{totalCount}</Text>}
          <Text className='report-table__amount'>{formatFen(totalFen)}</Text>
          <Text className='report-table__ratio report-table__ratio--pending'>—</Text>
        </View>
      )}
    </View>
  )
}
