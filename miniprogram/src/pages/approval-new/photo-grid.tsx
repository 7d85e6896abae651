import Taro from '@tarojs/taro'
import { View, Image, Text } from '@tarojs/components'
import { errorMessage } from '../../services/api'
import { uploadAttachment } from '../../services/approvals'
import { APPROVAL_PHOTOS_MAX } from '../../utils/approval-labels'
import type { FormPhoto } from '../../utils/approval-form'

/** The server refuses larger files; saying so before uploading saves the rep a slow failure. */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024

let seq = 0

interface Props {
  photos: FormPhoto[]
  /** functional update: uploads finish in any order */
  onChange: (update: (prev: FormPhoto[]) => FormPhoto[]) => void
  error?: string
}

/** Receipt photos: up to nine, each uploaded as soon as it is picked. */
export default function PhotoGrid({ photos, onChange, error }: Props) {
  const room = APPROVAL_PHOTOS_MAX - photos.length

  const patch = (key: string, p: Partial<FormPhoto>) => onChange((prev) => prev.map((x) => (x.key === key ? { ...x, ...p } : x)))

  const add = async () => {
    if (room <= 0) return
    let picked: Taro.chooseImage.SuccessCallbackResult
    try {
      picked = await Taro.chooseImage({ count: room, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
    } catch {
      return // cancelled
    }
    const files = (picked.tempFiles ?? picked.tempFilePaths.map((path) => ({ path, size: 0 }))).slice(0, room)
    const added: FormPhoto[] = files.map((f) => ({ key: `p${++seq}`, src: f.path, status: 'uploading' }))
    onChange((prev) => [...prev, ...added])
    await Promise.all(
      files.map(async (f, i) => {
        const key = added[i].key
        if (f.size > MAX_PHOTO_BYTES) {
          patch(key, { status: 'failed', error: '超过 10MB' })
          return
        }
        try {
          const file = (f as { originalFileObj?: File }).originalFileObj
          const attachment = await uploadAttachment({ path: f.path, file, name: file?.name })
          patch(key, { status: 'done', attachment })
        } catch (e) {
          patch(key, { status: 'failed', error: errorMessage(e) })
        }
      })
    )
  }

  const preview = (current: string) =>
    Taro.previewImage({ current, urls: photos.filter((p) => p.status !== 'failed').map((p) => p.src) }).catch(() => undefined)

  return (
    <View>
      <View className='photo-grid' data-testid='approval-photos'>
        {photos.map((p) => (
          <View key={p.key} className={`photo-grid__cell photo-grid__cell--${p.status}`} data-testid={`approval-photo-${p.status}`}>
            <Image className='photo-grid__img' src={p.src} mode='aspectFill' onClick={() => preview(p.src)} />
            {p.status === 'uploading' && <View className='photo-grid__overlay'>上传中…</View>}
            {p.status === 'failed' && <View className='photo-grid__overlay photo-grid__overlay--failed'>{p.error || '上传失败'}</View>}
            <View className='photo-grid__remove' onClick={() => onChange((prev) => prev.filter((x) => x.key !== p.key))}>
              ×
            </View>
          </View>
        ))}
        {room > 0 && (
          <View className='photo-grid__add' data-testid='approval-photo-add' onClick={add}>
            <Text className='photo-grid__plus'>+</Text>
            <Text className='photo-grid__hint'>
              {photos.length}/{APPROVAL_PHOTOS_MAX}
            </Text>
          </View>
        )}
      </View>
      {error && <Text className='cf-field__error'>{error}</Text>}
    </View>
  )
}
