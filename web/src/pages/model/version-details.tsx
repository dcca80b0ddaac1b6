import { useMutation, useQueryClient } from '@tanstack/solid-query'
import { Show } from 'solid-js'
import type { ApiModelVersion } from '../../../../worker/api-types'
import { errorMessage } from '../../api/client'
import { modelQueries, type VariationRef } from '../../api/models'
import { Markdown } from '../../components/markdown'
import { VersionSource } from '../../components/version-source'
import { Starter } from './starter'
import { VersionFiles } from './version-files'

/**
 * One version: its status and notes, then its files, or, for a TF Hub version whose files are
 * not stored yet, where they come from and a button to fetch them.
 */
export function VersionDetails(props: {
  variation: VariationRef
  version: ApiModelVersion
  handle: string
}) {
  const queryClient = useQueryClient()
  // Listing a TF Hub version's files makes Modelport fetch them from upstream once (pull-through);
  // then the version's row has files, so the versions are read again.
  const pull = useMutation(() => ({
    mutationFn: () =>
      queryClient.fetchInfiniteQuery(
        modelQueries.files(props.variation, props.version.versionNumber),
      ),
    // the model (variation sizes), its versions and files: everything under its detail key
    onSuccess: () =>
      queryClient.invalidateQueries({
        queryKey: modelQueries.detail(props.variation.owner, props.variation.model).queryKey,
      }),
  }))
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
        when={props.version.fileCount > 0}
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
              fetching={pull.isPending}
              error={pull.isError ? errorMessage(pull.error) : undefined}
              onFetch={props.version.source ? () => pull.mutate() : undefined}
            />
          </>
        }
      >
        <VersionFiles variation={props.variation} version={props.version} handle={props.handle} />
      </Show>
    </div>
  )
}
