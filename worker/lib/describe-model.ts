import type { ApiModelDetail } from '../api-types'

/** The page's meta description: the subtitle, or the card's first words. */
export function describeModel(model: ApiModelDetail) {
  const text =
    model.subtitle ||
    model.description
      .replace(/```[\s\S]*?```/g, ' ')
      .replace(/[#*_`>|[\]()!-]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  return text.length > 160 ? `${text.slice(0, 157).trimEnd()}…` : text
}
