import { createSignal, onMount, sharedConfig } from 'solid-js'
import { isServer } from 'solid-js/web'

/**
 * A signal that turns true once the browser has painted and shown the current frame: at its
 * first idle moment (at most 300 ms on), so rendering more does not hold that frame back. A
 * server render draws everything at once, and hydrating its markup (already painted) keeps it.
 */
export function useAfterFirstPaint() {
  const [painted, setPainted] = createSignal(isServer || !!sharedConfig.context)
  onMount(() => {
    const done = () => setPainted(true)
    if ('requestIdleCallback' in window) requestIdleCallback(done, { timeout: 300 })
    else setTimeout(done, 50)
  })
  return painted
}
