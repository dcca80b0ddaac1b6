import { useLocation } from '@solidjs/router'
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/solid-query'
import { createSignal, For, Show } from 'solid-js'
import type { ApiNotebookComment } from '../../../../worker/api-types'
import {
  deleteNotebookComment,
  editNotebookComment,
  notebookQueries,
  postNotebookComment,
} from '../../api/notebooks'
import { Avatar } from '../../components/avatar'
import { AuthorName } from '../../components/discussion-list'
import { LoadMoreButton } from '../../components/load-more-button'
import { Markdown } from '../../components/markdown'
import { MarkdownEditor } from '../../components/markdown-editor'
import { PostError } from '../../components/post-error'
import { QueryBoundary } from '../../components/query-boundary'
import { signInHref } from '../../components/vote-button'
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

/** One comment: its words through the card sanitizer; reply, and the author's edit and delete. */
function CommentView(props: { thread: Thread; comment: ApiNotebookComment; me?: string }) {
  const [mode, setMode] = createSignal<'view' | 'edit' | 'reply'>('view')
  const queryClient = useQueryClient()
  const remove = useMutation(() => ({
    mutationFn: () =>
      deleteNotebookComment(props.thread.owner, props.thread.slug, props.comment.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notebooks', 'comments'] }),
  }))
  const isAuthor = () => !!props.me && props.me === props.comment.author.slug
  return (
    <article
      class="post notebook-comment"
      classList={{ 'notebook-reply': props.comment.parentId !== null }}
      aria-label={`Comment by ${props.comment.author.name}`}
    >
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
        </p>
        <Show
          when={mode() !== 'edit'}
          fallback={
            <CommentForm
              label="Edit comment"
              submit="Save"
              initial={props.comment.body}
              send={(body) =>
                editNotebookComment(props.thread.owner, props.thread.slug, props.comment.id, body)
              }
              onDone={() => setMode('view')}
              onCancel={() => setMode('view')}
            />
          }
        >
          <Show
            when={!props.comment.isDeleted}
            fallback={<p class="muted post-placeholder">This comment was deleted.</p>}
          >
            <Markdown source={props.comment.body} class="markdown-body post-body" />
          </Show>
        </Show>
        <Show when={!props.comment.isDeleted && mode() === 'view'}>
          <div class="post-actions">
            <Show when={props.me}>
              <button type="button" class="link-button" onClick={() => setMode('reply')}>
                Reply
              </button>
            </Show>
            <Show when={isAuthor()}>
              <button type="button" class="link-button" onClick={() => setMode('edit')}>
                Edit
              </button>
              <button
                type="button"
                class="link-button"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm('Delete this comment?')) remove.mutate()
                }}
              >
                Delete
              </button>
            </Show>
            <PostError error={remove.error} />
          </div>
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
        {(data) => (
          <>
            <h2 id="notebook-comments-heading">
              {plural(data().pages[0]?.totalComments ?? 0, 'comment')}
            </h2>
            <ol class="reply-list" role="list">
              <For each={data().pages.flatMap((p) => p.comments)}>
                {(comment) => (
                  <li>
                    <CommentView
                      thread={{ owner: props.owner, slug: props.slug }}
                      comment={comment}
                      me={props.me ?? undefined}
                    />
                  </li>
                )}
              </For>
            </ol>
            <LoadMoreButton query={thread} label="Load more comments" />
          </>
        )}
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
