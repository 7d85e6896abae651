import { useState } from 'react'
import { ApiError, errorMessage } from '../../services/api'
import type { DuplicateDetails } from '../../services/types'
import { fieldErrorsFrom, type FieldErrors } from '../../utils/field-errors'

/** Submit state shared by the create and edit pages: duplicate (409), field errors (400), anything else. */
export function useCustomerSubmit() {
  const [submitting, setSubmitting] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  /** 409 CUSTOMER_DUPLICATE: the server's sentence (it names the customer and who has it) and its details */
  const [duplicate, setDuplicate] = useState<{ message: string; details: DuplicateDetails } | null>(null)
  const [formError, setFormError] = useState<string | null>(null)

  async function run(action: () => Promise<void>) {
    setSubmitting(true)
    setFieldErrors({})
    setDuplicate(null)
    setFormError(null)
    try {
      await action()
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CUSTOMER_DUPLICATE') {
        setDuplicate({ message: e.message, details: e.details as unknown as DuplicateDetails })
      } else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') {
        const errors = fieldErrorsFrom(e)
        setFieldErrors(errors)
        const messages = Object.values(errors)
        setFormError(messages.length ? `请检查：${messages.join('；')}` : e.message)
      } else {
        setFormError(errorMessage(e))
      }
    } finally {
      setSubmitting(false)
    }
  }

  return { submitting, fieldErrors, duplicate, formError, run }
}
