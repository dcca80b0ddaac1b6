import { useParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import type { ApiOwnerProfile } from '../../../worker/api-types'
import { isNotFound } from '../api/client'
import { ownerQueries } from '../api/owners'
import { Avatar } from '../components/avatar'
import { Markdown } from '../components/markdown'
import { QueryBoundary } from '../components/query-boundary'
import { useDocumentMeta } from '../lib/document-title'
import { formatCount, formatDate, plural } from '../lib/format'
import { frameworkLabel } from '../../../worker/vocabulary'
import { ModelListing } from '../components/model-listing'
import { safeHref } from '../lib/safe-href'

export default function OwnerPage() {
  const params = useParams<{ owner: string }>()
  const profile = useQuery(() => ownerQueries.detail(params.owner))

  useDocumentMeta(() => {
    const p = profile.isSuccess ? profile.data : undefined
    if (!p) return { title: isNotFound(profile.error) ? 'Owner not found' : params.owner }
    return {
      title: p.name,
      description: `${plural(p.modelCount, 'pre-trained model')} by ${p.name} on Modelport.`,
    }
  })

  return (
    <div class="page owner-page">
      <QueryBoundary
        query={profile}
        loading={<OwnerHeaderSkeleton />}
        error={(err) => (isNotFound(err) ? <OwnerNotFound owner={params.owner} /> : undefined)}
      >
        {(p) => (
          <>
            <OwnerHeader owner={p()} />
            <h2 class="owner-models-heading">Models</h2>
            <ModelListing owner={p().slug} emptyText={`${p().name} has no public models yet.`} />
          </>
        )}
      </QueryBoundary>
    </div>
  )
}

function OwnerHeader(props: { owner: ApiOwnerProfile }) {
  return (
    <header class="owner-header">
      <Avatar name={props.owner.name} src={props.owner.imageUrl} size={88} class="owner-avatar" />
      <div class="owner-intro">
        <p class="owner-kind">
          {props.owner.isOrganization ? 'Organization' : 'User'}
          <Show when={props.owner.source === 'tfhub'}> · TF Hub publisher</Show>
        </p>
        <h1>{props.owner.name}</h1>
        <p class="owner-slug">@{props.owner.slug}</p>
        <Show when={props.owner.aboutMd}>
          {(about) => <Markdown source={about()} class="owner-about" />}
        </Show>
        <ul class="owner-stats" role="list">
          <li>
            <strong>{formatCount(props.owner.modelCount)}</strong>{' '}
            {props.owner.modelCount === 1 ? 'model' : 'models'}
          </li>
          <li>
            <strong>{formatCount(props.owner.totalDownloads)}</strong>{' '}
            {props.owner.totalDownloads === 1 ? 'download' : 'downloads'}
          </li>
          <li>
            <strong>{formatCount(props.owner.totalVotes)}</strong>{' '}
            {props.owner.totalVotes === 1 ? 'vote' : 'votes'}
          </li>
          <li>Joined {formatDate(props.owner.createTime)}</li>
        </ul>
        <Show when={props.owner.frameworks.length > 0}>
          <ul class="chips" role="list" aria-label="Frameworks">
            <For each={props.owner.frameworks}>
              {(f) => (
                <li class="chip chip-framework">
                  {frameworkLabel(f.frameworkSlug)} · {formatCount(f.modelCount)}
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={safeHref(props.owner.websiteUrl)}>
          {(url) => (
            <p class="owner-website">
              <a href={url()} target="_blank" rel="noopener noreferrer nofollow">
                {url().replace(/^https?:\/\//, '')}
              </a>
            </p>
          )}
        </Show>
      </div>
    </header>
  )
}

function OwnerNotFound(props: { owner: string }) {
  return (
    <div class="notice not-found" role="alert">
      <h1>Owner not found</h1>
      <p>
        There is no user or organization <code>{props.owner}</code> on Modelport.
      </p>
      <p class="inline-links">
        <a class="button" href="/models">
          Browse all models
        </a>
      </p>
    </div>
  )
}

function OwnerHeaderSkeleton() {
  return (
    <div role="status" aria-label="Loading owner">
      <div class="owner-header" aria-hidden="true">
        <span class="skeleton owner-avatar" style={{ width: '88px', height: '88px' }} />
        <div class="owner-intro">
          <span class="skeleton skeleton-line short" />
          <span class="skeleton skeleton-heading" />
          <span class="skeleton skeleton-line" />
        </div>
      </div>
    </div>
  )
}
