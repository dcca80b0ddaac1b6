import { createSignal, onMount } from 'solid-js'

/**
 * Whether the component runs in the browser and has mounted: false on the server and while the
 * page hydrates. A server-drawn button that acts only through its handler is disabled until then,
 * so a click that comes before hydration is not silently lost.
 */
export function useMounted() {
  const [mounted, setMounted] = createSignal(false)
  onMount(() => setMounted(true))
  return mounted
}
