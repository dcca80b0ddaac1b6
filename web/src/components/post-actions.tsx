import { useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../lib/use-mutation'
import { createSignal, Show, type JSX } from 'solid-js'
import { PostError } from './post-error'

/** What a post's actions send, each to its thread's own route for this post. */
export interface PostRoutes {
  remove: () => Promise<unknown>
  moderate: (change: { pinned?: boolean; locked?: boolean; hidden?: boolean }) => Promise<unknown>
  report: (reason: string) => Promise<unknown>
}

/**
 * Author (edit, delete), moderator (pin, lock, hide) and reader (report) actions on one post of
 * a thread: a model's topic or reply, a notebook's comment. `children` come first (a reply button).
 */
export function PostActions(props: {
  /** what the post is called in words: "topic", "reply", "comment" */
  what: string
  routes: PostRoutes
  /** the queries an action refreshes */
  queryKey: readonly unknown[]
  isAuthor: boolean
  signedIn: boolean
  canModerate: boolean
  isHidden: boolean
  isDeleted: boolean
  /** given for a topic, which moderators also pin and lock */
  isPinned?: boolean
  isLocked?: boolean
  onEdit: () => void
  children?: JSX.Element
}) {
  const queryClient = useQueryClient()
  const [reporting, setReporting] = createSignal(false)
  const [reason, setReason] = createSignal('')
  const [notice, setNotice] = createSignal('')
  const refresh = () => queryClient.invalidateQueries({ queryKey: props.queryKey })
  const action = useMutation(() => ({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: () => refresh(),
  }))
  const run = (fn: () => Promise<unknown>) => action.mutate(fn)

  return (
    <div class="post-actions">
      {props.children}
      <Show when={props.isAuthor && !props.isDeleted}>
        <button type="button" class="link-button" onClick={() => props.onEdit()}>
          Edit
        </button>
        <button
          type="button"
          class="link-button"
          onClick={() => {
            if (window.confirm(`Delete this ${props.what}?`)) run(() => props.routes.remove())
          }}
        >
          Delete
        </button>
      </Show>
      <Show when={props.canModerate}>
        <Show when={props.isPinned !== undefined}>
          <button
            type="button"
            class="link-button"
            onClick={() => run(() => props.routes.moderate({ pinned: !props.isPinned }))}
          >
            {props.isPinned ? 'Unpin' : 'Pin'}
          </button>
          <button
            type="button"
            class="link-button"
            onClick={() => run(() => props.routes.moderate({ locked: !props.isLocked }))}
          >
            {props.isLocked ? 'Unlock' : 'Lock'}
          </button>
        </Show>
        <button
          type="button"
          class="link-button"
          onClick={() => run(() => props.routes.moderate({ hidden: !props.isHidden }))}
        >
          {props.isHidden ? 'Unhide' : 'Hide'}
        </button>
      </Show>
      {/* a hidden post's words are withheld from all but moderators: nothing to report */}
      <Show
        when={
          props.signedIn &&
          !props.isAuthor &&
          !props.isDeleted &&
          !(props.isHidden && !props.canModerate)
        }
      >
        <button
          type="button"
          class="link-button"
          aria-expanded={reporting()}
          onClick={() => setReporting(!reporting())}
        >
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
            action.mutate(() => props.routes.report(reason()), {
              onSuccess: () => {
                setReporting(false)
                setReason('')
                setNotice('Reported. Thank you.')
              },
            })
          }}
        >
          <label class="field">
            <span>Why should moderators look at this {props.what}?</span>
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
