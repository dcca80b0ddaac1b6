import { For, Show } from 'solid-js'

export interface Crumb {
  label: string
  /** absent for the page itself, the last crumb */
  href?: string
}

/** The trail above a page's heading: links to where it sits, the page itself unlinked. */
export function Breadcrumb(props: { crumbs: Crumb[] }) {
  return (
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <ol>
        <For each={props.crumbs}>
          {(crumb) => (
            <Show when={crumb.href} fallback={<li aria-current="page">{crumb.label}</li>}>
              {(href) => (
                <li>
                  <a href={href()}>{crumb.label}</a>
                </li>
              )}
            </Show>
          )}
        </For>
      </ol>
    </nav>
  )
}
