import { createMemo, Match, Show, Switch } from 'solid-js'
import type { ApiModelDetail } from '../../../../worker/api-types'
import { useAfterFirstPaint } from '../../boot/after-first-paint'
import { ModelAbout } from '../../components/model-about'
import { ModelHeader } from '../../components/model-header'
import { UsagePanel } from '../../components/usage-panel'
import { resolveSelection } from '../../lib/selection'
import { DiscussionTab } from './discussion-tab'
import type { ModelParams } from './model-params'
import { ModelTabs, useModelTab } from './model-tabs'
import { NotebooksTab } from './notebooks-tab'
import { OverviewTab } from './overview-tab'

/** A loaded model: its header, the tabs, the current tab, and the side column. */
export function ModelView(props: { model: ApiModelDetail; params: ModelParams }) {
  const instances = () => props.model.instances ?? []
  const selection = createMemo(() => resolveSelection(instances(), props.params))
  const tab = useModelTab()
  const painted = useAfterFirstPaint()

  return (
    <>
      <ModelHeader model={props.model} />
      <ModelTabs
        current={tab()}
        notebooks={props.model.notebookCount}
        discussions={props.model.discussionCount}
      />
      <div class="model-layout">
        <div class="model-main">
          <Switch>
            <Match when={tab() === 'notebooks'}>
              <NotebooksTab owner={props.model.ownerSlug} model={props.model.slug} />
            </Match>
            <Match when={tab() === 'discussion'}>
              <DiscussionTab owner={props.model.ownerSlug} model={props.model.slug} />
            </Match>
            <Match when={tab() === 'overview'}>
              <OverviewTab model={props.model} params={props.params} selection={selection()} />
            </Match>
          </Switch>
        </div>
        {/* beside the card, drawn once the card's frame is shown (its column is already sized) */}
        <div class="model-side">
          <Show when={painted()}>
            <ModelAbout model={props.model} />
            <UsagePanel owner={props.model.ownerSlug} model={props.model.slug} />
          </Show>
        </div>
      </div>
    </>
  )
}
