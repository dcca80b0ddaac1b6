import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { createEffect, createSignal, on, Show } from 'solid-js'
import type { ApiModelVersion } from '../../../../worker/api-types'
import { errorMessage } from '../../api/client'
import { modelQueries, type VariationRef } from '../../api/models'
import { pullQueries } from '../../api/pull-through'
import { Markdown } from '../../components/markdown'
import { VersionSource } from '../../components/version-source'
import { Starter } from './starter'
import { VersionFiles } from './version-files'

/**
 * One version: its status and notes, then its files, or, for a TF Hub version whose files are
 * not stored yet, where they come from and a button to fetch them, then how far that is.
 */
export function VersionDetails(props: {
  variation: VariationRef
  version: ApiModelVersion
  handle: string
}) {
  const queryClient = useQueryClient()
  // Listing a TF Hub version's files makes Modelport fetch them from upstream once (pull-through);
  // the listing is asked for again while the fetch runs, each answer carrying its progress.
  const [pullAsked, setPullAsked] = createSignal(false)
  const pull = useQuery(() => ({
    ...pullQueries.files(props.variation, props.version.versionNumber),
    enabled: pullAsked(),
  }))
  // data is read only once there is some: reading it earlier suspends the page's <Suspense>
  const pulled = () => (pull.isSuccess && pull.data.state === 'ready' ? pull.data.data : undefined)
  const progress = () =>
    pull.isSuccess && pull.data.state === 'fetching' ? pull.data.progress : undefined
  // Once the files are in, they are the files query's first page, and the model (variation
  // sizes) and its versions are read again: everything under its detail key.
  createEffect(
    on(pulled, (firstPage) => {
      if (!firstPage) return
      // nothing more to poll: the answer stays in the cache while the page shows it
      setPullAsked(false)
      void queryClient.invalidateQueries({
        queryKey: modelQueries.detail(props.variation.owner, props.variation.model).queryKey,
      })
      queryClient.setQueryData(
        modelQueries.files(props.variation, props.version.versionNumber).queryKey,
        { pages: [firstPage], pageParams: [''] },
      )
    }),
  )
  const startPull = () => (pullAsked() ? void pull.refetch() : setPullAsked(true))
  // a failed fetch shows its message until asked again
  const pullFailed = () => pull.isError && !pull.isFetching
  return (
    <div class="version-details">
      <Show when={props.version.status !== 'ready'}>
        <p class={`status status-${props.version.status}`}>
          {props.version.status === 'pending'
            ? 'This version is still being processed.'
            : 'This version failed to process.'}
        </p>
      </Show>
      <Show when={props.version.notes.trim()}>
        <div class="version-notes">
          <h4>Version notes</h4>
          <Markdown source={props.version.notes} />
        </div>
      </Show>
      <Show
        when={props.version.fileCount > 0 || pulled()}
        fallback={
          <>
            <Starter
              handle={props.handle}
              variation={props.variation}
              version={props.version}
              files={[]}
            />
            <VersionSource
              version={props.version}
              fetching={pullAsked() && !pullFailed()}
              progress={progress()}
              error={pullFailed() ? errorMessage(pull.error) : undefined}
              onFetch={props.version.source ? startPull : undefined}
            />
          </>
        }
      >
        <VersionFiles variation={props.variation} version={props.version} handle={props.handle} />
      </Show>
    </div>
  )
}
