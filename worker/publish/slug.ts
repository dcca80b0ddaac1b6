import { PublishRefused } from './refusal'

// Kaggle's model and variation slugs: lower case letters and digits, with '-', '_' and '.' inside
// (variations such as gemma_2b_en), 1-50 characters
const slugPattern = /^[a-z0-9](?:[a-z0-9._-]{0,48}[a-z0-9])?$/

export function checkSlug(value: string, field: string) {
  if (!slugPattern.test(value))
    throw new PublishRefused(
      `${field} must be 1-50 lower-case letters and digits (and - _ . inside), got ${JSON.stringify(value.slice(0, 60))}`,
      400,
    )
  return value
}
