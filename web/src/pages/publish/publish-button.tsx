import { useNavigate } from '@solidjs/router'
import { useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { Show } from 'solid-js'
import type { UploadTree } from '../../api/publishing'
import { describeFailure, FormError } from '../../components/form-field'
import { forgetDraft } from '../../lib/upload/saved-uploads'
import type { UploadQueue } from '../../lib/upload/upload-queue'
import { uploadTree } from '../../lib/upload/upload-tree'

/**
 * Publishes the uploaded files as a version once every one is in and checked: `create` gets the
 * folder tree, and on success the page's saved uploads are forgotten and `to` is opened.
 */
export function PublishButton(props: {
  label: string
  queue: UploadQueue
  draft: string
  check?: () => string | undefined
  create: (tree: UploadTree) => Promise<unknown>
  to: () => string
}) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const publish = useMutation(() => ({
    mutationFn: () => props.create(uploadTree(props.queue.ready()!)),
    onSuccess: async () => {
      forgetDraft(props.draft)
      await queryClient.invalidateQueries()
      navigate(props.to())
    },
  }))
  const problem = () => props.check?.()
  return (
    <div class="form-actions publish-actions">
      <FormError
        message={
          problem() ?? (publish.isError ? describeFailure(publish.error).message : undefined)
        }
      />
      <button
        type="button"
        class="button button-primary"
        disabled={!props.queue.ready() || publish.isPending || !!problem()}
        onClick={() => publish.mutate()}
      >
        {props.label}
      </button>
      <Show when={!props.queue.ready()}>
        <p class="muted">Add files and let them finish uploading to publish.</p>
      </Show>
    </div>
  )
}
