import { A } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { ApiModel, TagType } from '../../../worker/api-types'
import { formatCount, formatDate, formatRelative } from '../lib/format'
import { searchPath } from '../lib/paths'

const tagTypeLabel: Record<TagType, string> = {
  task: 'Task',
  data_type: 'Data type',
  language: 'Language',
  dataset: 'Dataset',
  architecture: 'Architecture',
}

export function ModelHeader(props: { model: ApiModel }) {
  const licence = () => props.model.license?.label ?? props.model.licenseName
  const [avatarFailed, setAvatarFailed] = createSignal(false)
  return (
    <header class="model-header">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <ol>
          <li>
            <A href="/">Models</A>
          </li>
          <li>
            <A href={searchPath({ owner: props.model.ownerSlug })}>{props.model.ownerSlug}</A>
          </li>
          <li aria-current="page">{props.model.slug}</li>
        </ol>
      </nav>
      <h1 class="model-title">{props.model.title}</h1>
      <Show when={props.model.subtitle}>
        <p class="model-subtitle">{props.model.subtitle}</p>
      </Show>
      <div class="model-meta">
        <span class="model-owner">
          <Show when={!avatarFailed() && props.model.authorImageUrl}>
            {(src) => (
              <img
                src={src()}
                alt=""
                width="20"
                height="20"
                loading="lazy"
                onError={() => setAvatarFailed(true)}
              />
            )}
          </Show>
          <A href={searchPath({ owner: props.model.ownerSlug })}>
            {props.model.author || props.model.ownerSlug}
          </A>
        </span>
        <Show when={licence()}>
          <span class="badge" title="Licence">
            {licence()}
          </span>
        </Show>
        <Show when={props.model.provenance === 'tfhub' && props.model.sourceUrl}>
          {(url) => (
            <a class="badge badge-link" href={url()} target="_blank" rel="noopener noreferrer">
              Imported from TF Hub <span aria-hidden="true">↗</span>
            </a>
          )}
        </Show>
      </div>
      <ul class="model-stats" role="list">
        <li>
          <strong>{formatCount(props.model.voteCount)}</strong>{' '}
          {props.model.voteCount === 1 ? 'vote' : 'votes'}
        </li>
        <li>
          <strong>{formatCount(props.model.downloadCount)}</strong>{' '}
          {props.model.downloadCount === 1 ? 'download' : 'downloads'}
        </li>
        <li>
          <strong>{formatCount(props.model.notebookCount)}</strong>{' '}
          {props.model.notebookCount === 1 ? 'notebook' : 'notebooks'}
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
              <li class={`chip chip-${tag.type.replace('_', '-')}`} title={tagTypeLabel[tag.type]}>
                {tag.name}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </header>
  )
}
