import { For, Index, Show } from 'solid-js'
import type { ApiModel } from '../../../worker/api-types'
import { frameworkLabel } from '../../../worker/vocabulary'
import { formatCount, formatDate, formatRelative } from '../lib/format'
import { modelPath, ownerPath } from '../lib/paths'
import { Avatar } from './avatar'
import { Breakable } from './breakable'

export function ModelList(props: { models: ApiModel[] }) {
  return (
    <ul class="model-grid" role="list" aria-label="Models">
      <For each={props.models}>
        {(model) => (
          <li>
            <ModelSummary model={model} />
          </li>
        )}
      </For>
    </ul>
  )
}

function ModelSummary(props: { model: ApiModel }) {
  const task = () => props.model.tags.find((t) => t.type === 'task')
  const licence = () => props.model.license?.label ?? props.model.licenseName
  return (
    <article class="model-card">
      <h2 class="model-card-title">
        <a href={modelPath({ owner: props.model.ownerSlug, model: props.model.slug })}>
          <Breakable text={props.model.title} />
        </a>
      </h2>
      <p class="model-card-owner">
        <Avatar
          name={props.model.author || props.model.ownerSlug}
          src={props.model.authorImageUrl}
          size={20}
        />
        <a href={ownerPath(props.model.ownerSlug)}>{props.model.author || props.model.ownerSlug}</a>
      </p>
      <Show when={props.model.subtitle}>
        <p class="model-card-subtitle">{props.model.subtitle}</p>
      </Show>
      <Show when={props.model.matchingVariations?.length}>
        <MatchingVariations model={props.model} />
      </Show>
      <ul class="chips" role="list" aria-label="Frameworks">
        <For each={props.model.frameworks}>
          {(framework) => <li class="chip chip-framework">{frameworkLabel(framework)}</li>}
        </For>
        <Show when={task()}>
          {(tag) => (
            <li class="chip chip-task" title="Task">
              {tag().name}
            </li>
          )}
        </Show>
      </ul>
      <div class="model-card-footer">
        <Show when={licence()}>
          <span class="model-card-licence" title="Licence">
            {licence()}
          </span>
        </Show>
        <span class="model-card-stats">
          <span>
            {formatCount(props.model.voteCount)} {props.model.voteCount === 1 ? 'vote' : 'votes'}
          </span>
          <span>
            {formatCount(props.model.downloadCount)}{' '}
            {props.model.downloadCount === 1 ? 'download' : 'downloads'}
          </span>
          <time datetime={props.model.updateTime} title={formatDate(props.model.updateTime)}>
            Updated {formatRelative(props.model.updateTime)}
          </time>
        </span>
      </div>
    </article>
  )
}

/** A search result's family names the variations the search matched, each linking to its page. */
function MatchingVariations(props: { model: ApiModel }) {
  const shown = 5
  const names = () => props.model.matchingVariations ?? []
  return (
    <p class="model-card-variations">
      Matching variations:{' '}
      <For each={names().slice(0, shown)}>
        {(name, index) => {
          const [framework, variation] = name.split('/') as [string, string]
          return (
            <>
              {index() > 0 && ', '}
              <a
                href={modelPath({
                  owner: props.model.ownerSlug,
                  model: props.model.slug,
                  framework,
                  variation,
                })}
              >
                {variation} ({frameworkLabel(framework)})
              </a>
            </>
          )
        }}
      </For>
      <Show when={names().length > shown}> and {names().length - shown} more</Show>
    </p>
  )
}

/** Grey cards in the grid's shape while the first page loads. */
export function ModelListSkeleton(props: { count?: number }) {
  return (
    <div role="status" aria-label="Loading models">
      <ul class="model-grid" role="list" aria-hidden="true">
        <Index each={Array.from({ length: props.count ?? 6 })}>
          {() => (
            <li>
              <div class="model-card skeleton-card">
                <span class="skeleton skeleton-title" />
                <span class="skeleton skeleton-line short" />
                <span class="skeleton skeleton-line" />
                <span class="skeleton skeleton-line" />
                <span class="skeleton skeleton-chips" />
              </div>
            </li>
          )}
        </Index>
      </ul>
    </div>
  )
}
