import type { ApiLicense } from '../../../worker/api-types'

export interface RightsSummary {
  /** permissive: use freely; conditions: allowed with duties; restricted: not for every use */
  tone: 'permissive' | 'conditions' | 'restricted'
  /** a few words for the badge */
  short: string
  /** one sentence a non-lawyer can act on */
  sentence: string
}

/** The licence's flags in plain language, for the rights badge on a model page. */
export function summarizeRights(license: ApiLicense | undefined): RightsSummary {
  if (!license) {
    return {
      tone: 'restricted',
      short: 'No licence stated',
      sentence: 'No licence is stated: ask the owner before using this model.',
    }
  }
  if (!license.commercialUse) {
    return {
      tone: 'restricted',
      short: 'Non-commercial only',
      sentence: `${license.label}: you may not use this model commercially.`,
    }
  }
  const duties: string[] = []
  if (license.attributionRequired) duties.push('credit the authors')
  if (license.shareAlike) duties.push('share changes under the same licence')
  if (!license.modification) duties.push('do not modify it')
  if (duties.length === 0) {
    return {
      tone: 'permissive',
      short: 'Free to use',
      sentence: `${license.label}: use, change and share it for any purpose, with no conditions.`,
    }
  }
  const tone = license.shareAlike || !license.modification ? 'conditions' : 'permissive'
  return {
    tone,
    short: license.shareAlike ? 'Commercial use, share-alike' : 'Commercial use OK',
    sentence: `${license.label}: commercial use allowed; ${duties.join(' and ')}.`,
  }
}
