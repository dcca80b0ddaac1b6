import { useInfiniteQuery } from '@tanstack/solid-query'
import type { ApiModelVersion } from '../../../../worker/api-types'
import { modelQueries, type VariationRef } from '../../api/models'
import { FileTree } from '../../components/file-tree'
import { QueryBoundary } from '../../components/query-boundary'
import { Starter } from './starter'

/** A version's stored files, page by page, with the starter code that loads them. */
export function VersionFiles(props: {
  variation: VariationRef
  version: ApiModelVersion
  handle: string
}) {
  const files = useInfiniteQuery(() =>
    modelQueries.files(props.variation, props.version.versionNumber),
  )
  const all = () => (files.isSuccess ? files.data.pages.flatMap((p) => p.files) : [])
  return (
    <QueryBoundary query={files}>
      {(data) => (
        <>
          <Starter
            handle={props.handle}
            variation={props.variation}
            version={props.version}
            files={all()}
          />
          <h4 class="files-heading">Files</h4>
          <FileTree
            files={all()}
            totalResults={data().pages[0]?.totalResults ?? props.version.fileCount}
            totalBytes={data().pages[0]?.totalBytes ?? props.version.totalBytes}
            archiveUrl={props.version.archiveUrl}
            archiveSize={props.version.archiveSize}
            hasMore={files.hasNextPage}
            loadingMore={files.isFetchingNextPage}
            onLoadMore={() => files.fetchNextPage()}
          />
        </>
      )}
    </QueryBoundary>
  )
}
