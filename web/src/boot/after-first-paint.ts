import { createSignal, onMount } from 'solid-js'

/**
 * A signal that turns true once the browser has painted and shown the current frame: at its
 * first idle moment (at most 300 ms on), so rendering more does not hold that frame back.
 */
export function useAfterFirstPaint() {
  const [painted, setPainted] = createSignal(false)
  onMount(() => {
    const done = () => setPainted(true)
    if ('requestIdleCallback' in window) requestIdleCallback(done, { timeout: 300 })
    else setTimeout(done, 50)
  })
  return painted
}
