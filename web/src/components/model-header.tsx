import { useQueryClient } from '@tanstack/solid-query'
import { For, Show } from 'solid-js'
import type { ApiModel } from '../../../worker/api-types'
import { tagTypeLabels } from '../../../worker/vocabulary'
import { formatCount, formatDate, formatNumber, formatRelative } from '../lib/format'
import { ownerPath } from '../lib/paths'
import { summarizeRights } from '../lib/rights'
import { modelQueries } from '../api/models'
import { Avatar } from './avatar'
import { VoteButton } from './vote-button'
import { Breakable } from './breakable'
import { safeHref } from '../lib/safe-href'

export function ModelHeader(props: { model: ApiModel }) {
  const licence = () => props.model.license?.label ?? props.model.licenseName
  const rights = () => summarizeRights(props.model.license)
  const ownerName = () => props.model.author || props.model.ownerSlug
  const queryClient = useQueryClient()
  return (
    <header class="model-header">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <ol>
          <li>
            <a href="/models">Models</a>
          </li>
          <li>
            <a href={ownerPath(props.model.ownerSlug)}>{props.model.ownerSlug}</a>
          </li>
          <li aria-current="page">{props.model.slug}</li>
        </ol>
      </nav>
      <h1 class="model-title">
        <Breakable text={props.model.title} />
      </h1>
      <Show when={props.model.subtitle}>
        <p class="model-subtitle">{props.model.subtitle}</p>
      </Show>
      <div class="model-meta">
        <span class="model-owner">
          <Avatar name={ownerName()} src={props.model.authorImageUrl} size={24} />
          <a href={ownerPath(props.model.ownerSlug)}>{ownerName()}</a>
        </span>
        <Show when={props.model.isPrivate}>
          <span class="badge badge-private">Private</span>
        </Show>
        <Show when={licence()}>
          <span class="badge" title="Licence">
            {licence()}
          </span>
        </Show>
        <span class={`badge rights rights-${rights().tone}`} title={rights().sentence}>
          <span aria-hidden="true">{rights().tone === 'restricted' ? '!' : '✓'}</span>
          {rights().short}
          <span class="visually-hidden">. {rights().sentence}</span>
        </span>
        <Show when={props.model.provenance === 'tfhub' && safeHref(props.model.sourceUrl)}>
          {(url) => (
            <a class="badge badge-link" href={url()} target="_blank" rel="noopener noreferrer">
              Imported from TF Hub <span aria-hidden="true">↗</span>
            </a>
          )}
        </Show>
        <Show when={props.model.canEdit}>
          <a class="button button-small" href={`/publish/${props.model.ref}/edit`}>
            Edit model
          </a>
        </Show>
      </div>
      <ul class="model-stats" role="list">
        <li>
          <VoteButton
            what="model"
            target={{ kind: 'models', owner: props.model.ownerSlug, model: props.model.slug }}
            state={{ voteCount: props.model.voteCount, hasVoted: props.model.hasVoted ?? false }}
            apply={(state) =>
              queryClient.setQueryData(
                modelQueries.detail(props.model.ownerSlug, props.model.slug).queryKey,
                (old) => old && { ...old, ...state },
              )
            }
          />
        </li>
        <li title={`${formatNumber(props.model.downloadCount)} downloads`}>
          <strong>{formatCount(props.model.downloadCount)}</strong>{' '}
          {props.model.downloadCount === 1 ? 'download' : 'downloads'}
        </li>
        <li>
          Updated{' '}
          <time datetime={props.model.updateTime} title={formatDate(props.model.updateTime)}>
            {formatRelative(props.model.updateTime)}
          </time>
        </li>
      </ul>
      <Show when={props.model.tags.length > 0}>
        <ul class="chips" role="list" aria-label="Tags">
          <For each={props.model.tags}>
            {(tag) => (
              <li class={`chip chip-${tag.type.replace('_', '-')}`} title={tagTypeLabels[tag.type]}>
                {tag.name}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </header>
  )
}
