// What a model page draws first, asked for as soon as its URL is known rather than one render
// after another: the model, then at once its selected variation's versions and files. The route's
// preload starts it on hover and navigation (routes.tsx); the server render waits for it before
// its first pass (entry-server.tsx), so the page is drawn whole in one pass.
import type { QueryClient } from '@tanstack/solid-query'
import { modelQueries } from '../../api/models'
import { resolveSelection } from '../../lib/selection'
import type { ModelParams } from './model-params'

export async function prefetchModelPage(queryClient: QueryClient, params: ModelParams) {
  const model = await queryClient.fetchQuery(modelQueries.detail(params.owner, params.model))
  const { instance, version } = resolveSelection(model.instances ?? [], params)
  if (!instance) return
  const ref = {
    owner: model.ownerSlug,
    model: model.slug,
    framework: instance.frameworkSlug,
    variation: instance.slug,
  }
  await Promise.all([
    queryClient.prefetchQuery(modelQueries.versions(ref)),
    // as the overview asks for them (overview-tab.tsx): a variation without bytes has no files
    instance.totalUncompressedBytes > 0 &&
      queryClient.prefetchInfiniteQuery(modelQueries.files(ref, version ?? instance.versionNumber)),
  ])
}
