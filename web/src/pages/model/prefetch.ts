// What a model page draws first, asked for as soon as its URL is known rather than one render
// after another: the model, then at once its selected variation's versions and files. The server
// render waits for it before its first pass (web/src/server-prefetch.ts), so the page is drawn
// whole in one pass; in the browser the overview asks for the files beside the versions.
import type { QueryClient } from '@tanstack/solid-query'
import type { ApiModelDetail } from '../../../../worker/api-types'
import { modelQueries } from '../../api/models'
import { resolveSelection, type Selection } from '../../lib/selection'
import type { ModelParams } from './model-params'

/** The selected version's files, or undefined when the variation has none stored. */
export function selectedFilesQuery(model: ApiModelDetail, selection: Selection) {
  const instance = selection.instance
  if (!instance || instance.totalUncompressedBytes === 0) return undefined
  const ref = {
    owner: model.ownerSlug,
    model: model.slug,
    framework: instance.frameworkSlug,
    variation: instance.slug,
  }
  return modelQueries.files(ref, selection.version ?? instance.versionNumber)
}

export async function prefetchModelPage(queryClient: QueryClient, params: ModelParams) {
  const model = await queryClient.fetchQuery(modelQueries.detail(params.owner, params.model))
  const selection = resolveSelection(model.instances ?? [], params)
  const { instance } = selection
  if (!instance) return
  const files = selectedFilesQuery(model, selection)
  await Promise.all([
    queryClient.prefetchQuery(
      modelQueries.versions({
        owner: model.ownerSlug,
        model: model.slug,
        framework: instance.frameworkSlug,
        variation: instance.slug,
      }),
    ),
    files && queryClient.prefetchInfiniteQuery(files),
  ])
}
