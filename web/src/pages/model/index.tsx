import { useParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { isNotFound } from '../../api/client'
import { modelQueries } from '../../api/models'
import { QueryBoundary } from '../../components/query-boundary'
import { useDocumentMeta } from '../../lib/document-title'
import { describeModel } from '../../../../worker/lib/describe-model'
import { ModelNotFound } from './model-not-found'
import { ModelPageSkeleton } from './model-page-skeleton'
import { ModelView } from './model-view'
import type { ModelParams } from './model-params'

/** `/models/:owner/:model/:framework?/:variation?/:version?`: one model, its card and files. */
export default function ModelPage() {
  const params = useParams<ModelParams>()
  const detail = useQuery(() => modelQueries.detail(params.owner, params.model))

  useDocumentMeta(() => {
    const model = detail.isSuccess ? detail.data : undefined
    if (!model) {
      return {
        title: isNotFound(detail.error) ? 'Model not found' : `${params.owner}/${params.model}`,
      }
    }
    return {
      title: `${model.title} by ${model.author || model.ownerSlug}`,
      description: describeModel(model),
    }
  })

  return (
    <div class="page model-page">
      <QueryBoundary
        query={detail}
        loading={<ModelPageSkeleton />}
        error={(err) =>
          isNotFound(err) ? <ModelNotFound owner={params.owner} model={params.model} /> : undefined
        }
      >
        {(model) => <ModelView model={model()} params={params} />}
      </QueryBoundary>
    </div>
  )
}
