import { createEffect, onCleanup, onMount } from 'solid-js'
import { isServer } from 'solid-js/web'
import { documentNavigation, firstShowing } from '../../boot/first-view'

const scrollKey = () => `modelport:scroll:${location.pathname}${location.search}`

/**
 * Keeps the reader's place across a reload: the router restores scroll on back/forward, but on a
 * reload it runs before the list has arrived, when the page is still too short to scroll.
 */
export function useScrollKeeper(ready: () => boolean) {
  const save = () => {
    try {
      sessionStorage.setItem(scrollKey(), String(window.scrollY))
    } catch {
      // storage may be disabled; losing the position is harmless
    }
  }
  onMount(() => window.addEventListener('pagehide', save))
  onCleanup(() => !isServer && window.removeEventListener('pagehide', save))
  // only the first listing shown after a reload; later ones are in-app navigations
  const pending =
    !isServer && firstShowing('model-listing') && documentNavigation()?.type === 'reload'
  let done = !pending
  createEffect(() => {
    if (done || !ready()) return
    done = true
    const y = Number(sessionStorage.getItem(scrollKey()))
    if (y > 0) requestAnimationFrame(() => window.scrollTo(0, y))
  })
}
