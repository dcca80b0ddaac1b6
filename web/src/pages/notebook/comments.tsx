import { useLocation } from '@solidjs/router'
import { useInfiniteQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createMemo, createSignal, For, Match, Show, Switch } from 'solid-js'
import type { ApiNotebookComment } from '../../../../worker/api-types'
import type { VoteState } from '../../api/community'
import {
  deleteNotebookComment,
  editNotebookComment,
  hideNotebookComment,
  notebookQueries,
  postNotebookComment,
  reportNotebookComment,
} from '../../api/notebooks'
import { Avatar } from '../../components/avatar'
import { AuthorName } from '../../components/discussion-list'
import { LoadMoreButton } from '../../components/load-more-button'
import { Markdown } from '../../components/markdown'
import { MarkdownEditor } from '../../components/markdown-editor'
import { PostActions } from '../../components/post-actions'
import { PostError } from '../../components/post-error'
import { QueryBoundary } from '../../components/query-boundary'
import { signInHref, VoteButton } from '../../components/vote-button'
import { formatDate, formatRelative, plural } from '../../lib/format'

interface Thread {
  owner: string
  slug: string
}

const replyLimit = 10_000

/** Writes a new comment, a reply or an edit; the thread refreshes to show it. */
function CommentForm(props: {
  label: string
  submit: string
  initial?: string
  send: (body: string) => Promise<unknown>
  onDone?: () => void
  onCancel?: () => void
}) {
  const [body, setBody] = createSignal(props.initial ?? '')
  const queryClient = useQueryClient()
  const save = useMutation(() => ({
    mutationFn: () => props.send(body()),
    onSuccess: async () => {
      setBody('')
      await queryClient.invalidateQueries({ queryKey: ['notebooks', 'comments'] })
      props.onDone?.()
    },
  }))
  return (
    <form
      class="post-form"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate()
      }}
    >
      <MarkdownEditor label={props.label} value={body()} onInput={setBody} maxLength={replyLimit} />
      <PostError error={save.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Posting…' : props.submit}
        </button>
        <Show when={props.onCancel}>
          <button type="button" class="button" onClick={() => props.onCancel?.()}>
            Cancel
          </button>
        </Show>
      </div>
    </form>
  )
}

/**
 * One comment: its words through the card sanitizer, its votes; reply, the author's edit and
 * delete, a moderator's hide, a reader's report. A hidden comment keeps its place.
 */
function CommentView(props: {
  thread: Thread
  comment: ApiNotebookComment
  me?: string
  canModerate: boolean
}) {
  const [mode, setMode] = createSignal<'view' | 'edit' | 'reply'>('view')
  const queryClient = useQueryClient()
  const at = () => [props.thread.owner, props.thread.slug, props.comment.id] as const
  // its words are for moderators only
  const withheld = () => props.comment.isHidden && !props.canModerate
  const applyVote = (state: VoteState) =>
    queryClient.setQueryData(
      notebookQueries.comments(props.thread.owner, props.thread.slug).queryKey,
      (old) =>
        old && {
          ...old,
          pages: old.pages.map((p) => ({
            ...p,
            comments: p.comments.map((c) => (c.id === props.comment.id ? { ...c, ...state } : c)),
          })),
        },
    )
  return (
    <article
      class="post notebook-comment"
      classList={{
        'notebook-reply': props.comment.parentId !== null,
        'post-hidden': props.comment.isHidden,
      }}
      aria-label={`Comment by ${props.comment.author.name}`}
    >
      <VoteButton
        what="comment"
        target={{ kind: 'notebook-comments', ...props.thread, id: props.comment.id }}
        state={{ voteCount: props.comment.voteCount, hasVoted: props.comment.hasVoted }}
        apply={applyVote}
      />
      <div class="post-main">
        <p class="post-meta">
          <Avatar name={props.comment.author.name} src={props.comment.author.imageUrl} size={24} />
          <AuthorName author={props.comment.author} /> ·{' '}
          <time datetime={props.comment.createTime} title={formatDate(props.comment.createTime)}>
            {formatRelative(props.comment.createTime)}
          </time>
          <Show when={props.comment.isEdited && !props.comment.isDeleted}>
            {' '}
            ·{' '}
            <span title={props.comment.editTime && formatDate(props.comment.editTime)}>edited</span>
          </Show>
          <Show when={props.comment.isHidden}>
            {' '}
            · <span class="chip">Hidden</span>
          </Show>
        </p>
        <Show
          when={mode() !== 'edit'}
          fallback={
            <CommentForm
              label="Edit comment"
              submit="Save"
              initial={props.comment.body}
              send={(body) => editNotebookComment(...at(), body)}
              onDone={() => setMode('view')}
              onCancel={() => setMode('view')}
            />
          }
        >
          <Switch
            fallback={<Markdown source={props.comment.body} class="markdown-body post-body" />}
          >
            <Match when={props.comment.isDeleted}>
              <p class="muted post-placeholder">This comment was deleted.</p>
            </Match>
            <Match when={withheld()}>
              <p class="muted post-placeholder">This comment is hidden by a moderator.</p>
            </Match>
          </Switch>
        </Show>
        <Show when={mode() === 'view'}>
          <PostActions
            what="comment"
            routes={{
              remove: () => deleteNotebookComment(...at()),
              moderate: (change) => hideNotebookComment(...at(), change.hidden ?? false),
              report: (reason) => reportNotebookComment(...at(), reason),
            }}
            queryKey={['notebooks', 'comments']}
            isAuthor={!!props.me && props.me === props.comment.author.slug}
            signedIn={!!props.me}
            canModerate={props.canModerate}
            isHidden={props.comment.isHidden}
            isDeleted={props.comment.isDeleted}
            onEdit={() => setMode('edit')}
          >
            <Show when={props.me && !props.comment.isDeleted && !withheld()}>
              <button type="button" class="link-button" onClick={() => setMode('reply')}>
                Reply
              </button>
            </Show>
          </PostActions>
        </Show>
        <Show when={mode() === 'reply'}>
          <CommentForm
            label="Your reply"
            submit="Post reply"
            send={(body) =>
              postNotebookComment(
                props.thread.owner,
                props.thread.slug,
                body,
                props.comment.parentId ?? props.comment.id,
              )
            }
            onDone={() => setMode('view')}
            onCancel={() => setMode('view')}
          />
        </Show>
      </div>
    </article>
  )
}

/** The notebook's comment thread: comments with their replies, and a form to add one. */
export function NotebookComments(props: Thread & { me?: string | null }) {
  const location = useLocation()
  const thread = useInfiniteQuery(() => notebookQueries.comments(props.owner, props.slug))
  return (
    <section class="notebook-comments" aria-labelledby="notebook-comments-heading">
      <QueryBoundary query={thread}>
        {(data) => {
          const comments = createMemo(
            () => new Map(data().pages.flatMap((p) => p.comments.map((c) => [c.id, c]))),
          )
          return (
            <>
              <h2 id="notebook-comments-heading">
                {plural(data().pages[0]?.totalComments ?? 0, 'comment')}
              </h2>
              <ol class="reply-list" role="list">
                {/* by id: a vote changes a comment's object, not its element (nor focus) */}
                <For each={[...comments().keys()]}>
                  {(id) => (
                    <li>
                      <CommentView
                        thread={{ owner: props.owner, slug: props.slug }}
                        comment={comments().get(id)!}
                        me={props.me ?? undefined}
                        canModerate={data().pages[0]?.canModerate ?? false}
                      />
                    </li>
                  )}
                </For>
              </ol>
              <LoadMoreButton query={thread} label="Load more comments" />
            </>
          )
        }}
      </QueryBoundary>
      <Show
        when={props.me}
        fallback={
          <p class="notice">
            <a href={signInHref(location.pathname)}>Sign in to comment</a>
          </p>
        }
      >
        <CommentForm
          label="Your comment"
          submit="Post comment"
          send={(body) => postNotebookComment(props.owner, props.slug, body)}
        />
      </Show>
    </section>
  )
}
