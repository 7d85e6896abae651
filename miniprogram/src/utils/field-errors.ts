import type { ApiError } from '../services/api'

export type FieldErrors = Record<string, string>

function firstMessage(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (Array.isArray(value) && value.length) return firstMessage(value[0])
  if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
    return (value as { message: string }).message
  }
  return null
}

function pathKey(path: unknown): string {
  return Array.isArray(path) ? path.join('.') : String(path ?? '')
}

/**
 * Turns the `details` of a 400 VALIDATION_FAILED into `{ "name": "…", "contacts.0.phone": "…" }`.
 * Accepts the shapes validation layers commonly produce: a flat field map, `{fields: {...}}`,
 * or a list of issues `{path, message}` (`issues` / `errors`).
 */
export function fieldErrorsFrom(error: ApiError): FieldErrors {
  const details = error.details ?? {}
  const out: FieldErrors = {}
  const lists = [details.issues, details.errors, Array.isArray(details) ? details : null]
  for (const list of lists) {
    if (!Array.isArray(list)) continue
    for (const issue of list) {
      const key = pathKey((issue as { path?: unknown; field?: unknown }).path ?? (issue as { field?: unknown }).field)
      const msg = firstMessage(issue)
      if (key && msg && !out[key]) out[key] = msg
    }
  }
  const map = (details.fields && typeof details.fields === 'object' ? details.fields : details) as Record<string, unknown>
  for (const [key, value] of Object.entries(map)) {
    if (key === 'issues' || key === 'errors' || key === 'fields') continue
    const msg = firstMessage(value)
    if (msg && !out[key]) out[key] = msg
  }
  return out
}
