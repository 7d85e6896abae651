import { Text } from '@tarojs/components'
import type { Level } from '../../services/types'
import { levelLabel } from '../../utils/labels'
import './index.scss'

export default function LevelBadge({ level }: { level?: Level | null }) {
  if (!level) return null
  return <Text className={`level-badge level-badge--${level}`}>{levelLabel(level)}</Text>
}
