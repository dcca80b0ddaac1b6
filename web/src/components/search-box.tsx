import { createEffect, createSignal, on, onCleanup } from 'solid-js'

/**
 * The site search input. With `live`, typing calls `onSearch` after `delay` ms of quiet;
 * Enter always calls it at once. `value` is the applied search, e.g. from the URL.
 */
export function SearchBox(props: {
  value: string
  live: boolean
  onSearch: (query: string) => void
  delay?: number
}) {
  const [text, setText] = createSignal(props.value)
  let timer: ReturnType<typeof setTimeout> | undefined

  // Follow the URL (back/forward, links), but never overwrite what the user is still typing.
  createEffect(
    on(
      () => props.value,
      (value) => {
        if (timer === undefined) setText(value)
      },
      { defer: true },
    ),
  )

  const cancel = () => {
    clearTimeout(timer)
    timer = undefined
  }
  const apply = () => {
    cancel()
    props.onSearch(text().trim())
  }
  onCleanup(cancel)

  return (
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault()
        apply()
      }}
    >
      <label for="site-search" class="visually-hidden">
        Search models
      </label>
      <svg class="search-icon" viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />
        <path d="m13 13 4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
      </svg>
      <input
        id="site-search"
        type="search"
        name="q"
        placeholder="Search models"
        autocomplete="off"
        spellcheck={false}
        enterkeyhint="search"
        value={text()}
        onInput={(e) => {
          setText(e.currentTarget.value)
          if (!props.live) return
          cancel()
          timer = setTimeout(apply, props.delay ?? 250)
        }}
      />
    </form>
  )
}
