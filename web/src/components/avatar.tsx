import { createSignal, Show } from 'solid-js'
import { safeHref } from '../lib/safe-href'

const palette = ['#1f5eff', '#0e7c66', '#9a3412', '#6d28d9', '#b42318', '#0369a1', '#4d7c0f']

/**
 * An owner's picture in a fixed square, so nothing moves when it loads. Until it loads, or when
 * there is none or it fails, the owner's initial on a colour picked from the name.
 */
export function Avatar(props: { name: string; src?: string; size: number; class?: string }) {
  const [loaded, setLoaded] = createSignal(false)
  const [failed, setFailed] = createSignal(false)
  const initial = () => (props.name.trim()[0] ?? '?').toUpperCase()
  const colour = () => {
    let hash = 0
    for (const ch of props.name) hash = (hash * 31 + ch.charCodeAt(0)) | 0
    return palette[Math.abs(hash) % palette.length]
  }
  return (
    <span
      class={`avatar ${props.class ?? ''}`}
      style={{
        width: `${props.size}px`,
        height: `${props.size}px`,
        'font-size': `${Math.round(props.size * 0.5)}px`,
        background: loaded() ? 'transparent' : colour(),
      }}
      aria-hidden="true"
    >
      <Show when={!loaded()}>{initial()}</Show>
      <Show when={!failed() && safeHref(props.src)}>
        {(src) => (
          <img
            src={src()}
            alt=""
            width={props.size}
            height={props.size}
            loading="lazy"
            decoding="async"
            referrerpolicy="no-referrer"
            classList={{ hidden: !loaded() }}
            onLoad={() => setLoaded(true)}
            onError={() => setFailed(true)}
          />
        )}
      </Show>
    </span>
  )
}
