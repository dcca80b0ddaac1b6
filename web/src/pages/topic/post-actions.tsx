import { useMutation, useQueryClient } from '@tanstack/solid-query'
import { createSignal, Show } from 'solid-js'
import { deletePost, moderatePost, reportPost, type PostKind } from '../../api/community'
import { PostError } from '../../components/post-error'

/** Author (edit, delete), moderator (pin, lock, hide) and reader (report) actions on one post. */
export function PostActions(props: {
  kind: PostKind
  id: number
  topicId: number
  isAuthor: boolean
  signedIn: boolean
  canModerate: boolean
  isHidden: boolean
  isDeleted: boolean
  isPinned?: boolean
  isLocked?: boolean
  onEdit: () => void
}) {
  const queryClient = useQueryClient()
  const [reporting, setReporting] = createSignal(false)
  const [reason, setReason] = createSignal('')
  const [notice, setNotice] = createSignal('')
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['discussions'] })
  const action = useMutation(() => ({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: () => refresh(),
  }))
  const what = () => (props.kind === 'topics' ? 'topic' : 'reply')
  const run = (fn: () => Promise<unknown>) => action.mutate(fn)

  return (
    <div class="post-actions">
      <Show when={props.isAuthor && !props.isDeleted}>
        <button type="button" class="link-button" onClick={() => props.onEdit()}>
          Edit
        </button>
        <button
          type="button"
          class="link-button"
          onClick={() => {
            if (window.confirm(`Delete this ${what()}?`))
              run(() => deletePost(props.kind, props.id))
          }}
        >
          Delete
        </button>
      </Show>
      <Show when={props.canModerate}>
        <Show when={props.kind === 'topics'}>
          <button
            type="button"
            class="link-button"
            onClick={() => run(() => moderatePost('topics', props.id, { pinned: !props.isPinned }))}
          >
            {props.isPinned ? 'Unpin' : 'Pin'}
          </button>
          <button
            type="button"
            class="link-button"
            onClick={() => run(() => moderatePost('topics', props.id, { locked: !props.isLocked }))}
          >
            {props.isLocked ? 'Unlock' : 'Lock'}
          </button>
        </Show>
        <button
          type="button"
          class="link-button"
          onClick={() => run(() => moderatePost(props.kind, props.id, { hidden: !props.isHidden }))}
        >
          {props.isHidden ? 'Unhide' : 'Hide'}
        </button>
      </Show>
      <Show when={props.signedIn && !props.isAuthor && !props.isDeleted}>
        <button type="button" class="link-button" onClick={() => setReporting(!reporting())}>
          Report
        </button>
      </Show>
      <Show when={notice()}>
        <span class="muted" role="status">
          {notice()}
        </span>
      </Show>
      <PostError error={action.error} />
      <Show when={reporting()}>
        <form
          class="report-form"
          onSubmit={(e) => {
            e.preventDefault()
            action.mutate(() => reportPost(props.kind, props.id, reason()), {
              onSuccess: () => {
                setReporting(false)
                setReason('')
                setNotice('Reported. Thank you.')
              },
            })
          }}
        >
          <label class="field">
            <span>Why should moderators look at this {what()}?</span>
            <input
              value={reason()}
              maxLength={1000}
              required
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </label>
          <button type="submit" class="button" disabled={action.isPending}>
            Send report
          </button>
        </form>
      </Show>
    </div>
  )
}
