import { Show } from 'solid-js'
import { errorMessage } from '../api/client'

/** A refused write's reason (length limits, posting rate in words, a locked topic). */
export function PostError(props: { error: unknown }) {
  return (
    <Show when={props.error}>
      <p class="form-error" role="alert">
        {errorMessage(props.error)}
      </p>
    </Show>
  )
}
