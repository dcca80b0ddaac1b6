import { useParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import type { ApiPublicUser } from '../../../worker/api-types'
import { accountQueries } from '../api/account'
import { isNotFound } from '../api/client'
import { Avatar } from '../components/avatar'
import { Markdown } from '../components/markdown'
import { QueryBoundary } from '../components/query-boundary'
import { useDocumentMeta } from '../lib/document-title'
import { formatDate } from '../lib/format'
import { modelPath, topicPath } from '../lib/paths'
import { safeSiteHref } from '../lib/site-url'

type PostModel = { ownerSlug: string; modelSlug: string }

const discussionHref = (model: PostModel, topicId: number) =>
  topicPath(model.ownerSlug, model.modelSlug, topicId)

/** "on owner/model", the model a post is about, as a link to it. */
function OnModel(props: { model: PostModel }) {
  return (
    <>
      on{' '}
      <a href={modelPath({ owner: props.model.ownerSlug, model: props.model.modelSlug })}>
        {props.model.ownerSlug}/{props.model.modelSlug}
      </a>
    </>
  )
}

export default function UserPage() {
  const params = useParams<{ username: string }>()
  const user = useQuery(() => accountQueries.user(params.username))
  useDocumentMeta(() => {
    const u = user.isSuccess ? user.data : undefined
    if (!u) return { title: isNotFound(user.error) ? 'User not found' : params.username }
    return { title: u.displayName, description: `${u.displayName} (@${u.username}) on Modelport.` }
  })
  return (
    <div class="page owner-page user-page">
      <QueryBoundary
        query={user}
        error={(err) => (isNotFound(err) ? <UserNotFound username={params.username} /> : undefined)}
      >
        {(u) => <UserProfile user={u()} />}
      </QueryBoundary>
    </div>
  )
}

function UserProfile(props: { user: ApiPublicUser }) {
  return (
    <>
      <header class="owner-header">
        <Avatar
          name={props.user.displayName}
          src={safeSiteHref(props.user.imageUrl)}
          size={88}
          class="owner-avatar"
        />
        <div class="owner-intro">
          <p class="owner-kind">User</p>
          <h1>{props.user.displayName}</h1>
          <p class="owner-slug">@{props.user.username}</p>
          <Show when={props.user.about}>
            {(about) => <Markdown source={about()} class="owner-about" />}
          </Show>
          <ul class="owner-stats" role="list">
            <li>Joined {formatDate(props.user.createTime)}</li>
          </ul>
        </div>
      </header>
      <section class="user-posts" aria-labelledby="user-topics">
        <h2 id="user-topics">Recent topics</h2>
        <Show
          when={props.user.topics.length > 0}
          fallback={<p class="muted">No topics started yet.</p>}
        >
          <ul class="post-list" role="list">
            <For each={props.user.topics}>
              {(t) => (
                <li>
                  <a href={discussionHref(t.model, t.id)}>{t.title}</a>
                  <span class="muted">
                    {' '}
                    <OnModel model={t.model} /> · {formatDate(t.createTime)}
                  </span>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <h2>Recent replies</h2>
        <Show when={props.user.replies.length > 0} fallback={<p class="muted">No replies yet.</p>}>
          <ul class="post-list" role="list">
            <For each={props.user.replies}>
              {(r) => (
                <li>
                  Re: <a href={discussionHref(r.model, r.topicId)}>{r.topicTitle}</a>
                  <span class="muted">
                    {' '}
                    <OnModel model={r.model} /> · {formatDate(r.createTime)}
                  </span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </>
  )
}

function UserNotFound(props: { username: string }) {
  return (
    <div class="notice not-found" role="alert">
      <h1>User not found</h1>
      <p>
        There is no user <code>{props.username}</code> on Modelport.
      </p>
      <p class="inline-links">
        <a class="button" href="/models">
          Browse all models
        </a>
      </p>
    </div>
  )
}
