import type { ApiModelInstance } from '../../../worker/api-types'

export type SelectionParams = {
  framework?: string
  variation?: string
  version?: string
}

export interface Selection {
  /** the framework shown: the URL's, or the first variation's */
  framework?: string
  /** undefined when the URL names a variation the model does not have */
  instance?: ApiModelInstance
  /** the URL's version; undefined means the latest */
  version?: number
  /** what the URL asked for and the model lacks, to tell the user */
  missing?: string
}

/** Frameworks in the order their first variation appears. */
export function frameworksOf(instances: ApiModelInstance[]) {
  return [...new Set(instances.map((i) => i.frameworkSlug))]
}

/**
 * Which variation and version the explorer shows for the URL's optional framework, variation and
 * version. Without a framework it is the first variation; without a variation, the framework's
 * first.
 */
export function resolveSelection(
  instances: ApiModelInstance[],
  params: SelectionParams,
): Selection {
  if (!params.framework) {
    const first = instances[0]
    return { framework: first?.frameworkSlug, instance: first }
  }
  const ofFramework = instances.filter((i) => i.frameworkSlug === params.framework)
  if (ofFramework.length === 0) {
    return { framework: params.framework, missing: `framework ${params.framework}` }
  }
  const instance = params.variation
    ? ofFramework.find((i) => i.slug === params.variation)
    : ofFramework[0]
  if (!instance) {
    return {
      framework: params.framework,
      missing: `variation ${params.framework}/${params.variation}`,
    }
  }
  const version = params.version ? Number(params.version) : undefined
  return { framework: params.framework, instance, version }
}
