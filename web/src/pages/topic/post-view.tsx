import { createSignal, Show, type JSX } from 'solid-js'
import type { ApiPostAuthor } from '../../../../worker/api-types'
import {
  deletePost,
  moderatePost,
  reportPost,
  type PostKind,
  type VoteState,
} from '../../api/community'
import { Avatar } from '../../components/avatar'
import { AuthorName } from '../../components/discussion-list'
import { Markdown } from '../../components/markdown'
import { PostActions } from '../../components/post-actions'
import { VoteButton } from '../../components/vote-button'
import { formatDate, formatRelative } from '../../lib/format'
import { EditPostForm } from './edit-post-form'

export interface PostLike {
  id: number
  author: ApiPostAuthor
  body: string
  voteCount: number
  hasVoted: boolean
  isHidden: boolean
  isDeleted: boolean
  isEdited: boolean
  createTime: string
  editTime?: string
  title?: string
  isPinned?: boolean
  isLocked?: boolean
}

/** One post of a thread (the topic's opening post or a reply); deleted ones keep their place. */
export function PostView(props: {
  kind: PostKind
  post: PostLike
  me: string | undefined
  canModerate: boolean
  applyVote: (state: VoteState) => void
  heading?: JSX.Element
}) {
  const [editing, setEditing] = createSignal(false)
  const what = () => (props.kind === 'topics' ? 'topic' : 'reply')
  return (
    <article
      class="post"
      classList={{ 'post-hidden': props.post.isHidden }}
      aria-label={`${props.kind === 'topics' ? 'Topic' : 'Reply'} by ${props.post.author.name}`}
    >
      <VoteButton
        what={what()}
        target={{ kind: props.kind, id: props.post.id }}
        state={{ voteCount: props.post.voteCount, hasVoted: props.post.hasVoted }}
        apply={props.applyVote}
      />
      <div class="post-main">
        {props.heading}
        <p class="post-meta">
          <Avatar name={props.post.author.name} src={props.post.author.imageUrl} size={24} />
          <AuthorName author={props.post.author} /> ·{' '}
          <time datetime={props.post.createTime} title={formatDate(props.post.createTime)}>
            {formatRelative(props.post.createTime)}
          </time>
          <Show when={props.post.isEdited && !props.post.isDeleted}>
            {' '}
            · <span title={props.post.editTime && formatDate(props.post.editTime)}>edited</span>
          </Show>
          <Show when={props.post.isHidden}>
            {' '}
            · <span class="chip">Hidden</span>
          </Show>
        </p>
        <Show
          when={!editing()}
          fallback={
            <EditPostForm
              kind={props.kind}
              id={props.post.id}
              title={props.post.title}
              body={props.post.body}
              onDone={() => setEditing(false)}
            />
          }
        >
          <Show
            when={!props.post.isDeleted}
            fallback={<p class="muted post-placeholder">This {what()} was deleted.</p>}
          >
            <Show
              when={props.post.body}
              fallback={
                <p class="muted post-placeholder">This {what()} is hidden by a moderator.</p>
              }
            >
              <Markdown source={props.post.body} class="markdown-body post-body" />
            </Show>
          </Show>
        </Show>
        <PostActions
          what={what()}
          routes={{
            remove: () => deletePost(props.kind, props.post.id),
            moderate: (change) => moderatePost(props.kind, props.post.id, change),
            report: (reason) => reportPost(props.kind, props.post.id, reason),
          }}
          queryKey={['discussions']}
          isAuthor={!!props.me && props.me === props.post.author.slug}
          signedIn={!!props.me}
          canModerate={props.canModerate}
          isHidden={props.post.isHidden}
          isDeleted={props.post.isDeleted}
          isPinned={props.post.isPinned}
          isLocked={props.post.isLocked}
          onEdit={() => setEditing(true)}
        />
      </div>
    </article>
  )
}
