import { createSignal, onCleanup } from 'solid-js'

export function CopyButton(props: { text: string; label: string }) {
  const [copied, setCopied] = createSignal(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  onCleanup(() => clearTimeout(timer))

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text)
      setCopied(true)
      clearTimeout(timer)
      timer = setTimeout(() => setCopied(false), 2000)
    } catch {
      // Clipboard access can be refused (insecure origin, permissions); the text stays selectable.
      setCopied(false)
    }
  }

  return (
    <button type="button" class="button button-small" onClick={copy}>
      <span aria-live="polite">{copied() ? 'Copied' : props.label}</span>
    </button>
  )
}
