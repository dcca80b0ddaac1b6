import { createSignal, Show, type JSX } from 'solid-js'
import { ApiRequestError, errorMessage } from '../api/client'
import { retryAfterWords } from '../lib/account-rules'

type InputProps = JSX.InputHTMLAttributes<HTMLInputElement>

/**
 * What a field's input takes, named one by one: a spread onto an element would bring Solid's
 * whole attribute table into the entry chunk (docs/ssr.md, "Initial JavaScript").
 */
type FieldProps = {
  label: string
  name: string
  error?: string
  hint?: string
  multiline?: boolean
  type?: InputProps['type']
  value?: string
  onInput?: InputProps['onInput']
  maxLength?: number
  autocomplete?: InputProps['autocomplete']
  autocapitalize?: InputProps['autocapitalize']
  spellcheck?: boolean
}

/** A labelled input with its hint and its error, tied together for screen readers. */
export function Field(props: FieldProps) {
  const id = () => `field-${props.name}`
  const describedBy = () =>
    [props.hint && `${id()}-hint`, props.error && `${id()}-error`].filter(Boolean).join(' ') ||
    undefined
  return (
    <div class="field" classList={{ 'field-invalid': !!props.error }}>
      <label for={id()}>{props.label}</label>
      <Show
        when={props.multiline}
        fallback={
          <input
            id={id()}
            name={props.name}
            type={props.type}
            value={props.value ?? ''}
            onInput={props.onInput}
            maxLength={props.maxLength}
            autocomplete={props.autocomplete}
            autocapitalize={props.autocapitalize}
            spellcheck={props.spellcheck}
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={describedBy()}
          />
        }
      >
        <textarea
          id={id()}
          name={props.name}
          rows={5}
          value={props.value ?? ''}
          maxLength={props.maxLength}
          onInput={props.onInput as unknown as JSX.EventHandler<HTMLTextAreaElement, InputEvent>}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={describedBy()}
        />
      </Show>
      <Show when={props.hint}>
        <p class="field-hint" id={`${id()}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${id()}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  )
}

/** The form's error sentence, announced when it appears. */
export function FormError(props: { message?: string }) {
  return (
    <div class="form-error" role="alert" aria-live="assertive">
      <Show when={props.message}>
        <p class="notice notice-error">{props.message}</p>
      </Show>
    </div>
  )
}

export interface FormProblem {
  message: string
  /** field name → sentence, from a 400's issues */
  fields: Record<string, string>
}

/** What to show for a failed submit: the server's message, a 429 told in words, field issues. */
export function describeFailure(err: unknown): FormProblem {
  if (err instanceof ApiRequestError) {
    if (err.status === 429)
      return { message: `Too many attempts. ${retryAfterWords(err.retryAfter)}`, fields: {} }
    const fields: Record<string, string> = {}
    for (const issue of err.issues) {
      const name = issue.path.split('.')[0]
      if (name && !fields[name]) fields[name] = `${name} ${issue.message}`
    }
    return { message: capitalise(err.message), fields }
  }
  return { message: errorMessage(err), fields: {} }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** Moves focus to the first field marked invalid, else to the form's error sentence. */
function focusFirstProblem(form: HTMLFormElement | undefined) {
  queueMicrotask(() => {
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form?.querySelector<HTMLElement>('.form-error .notice')
    if (target && !target.matches('input, textarea, select, button')) target.tabIndex = -1
    target?.focus()
  })
}

/**
 * A form's problems: its error sentence and each field's, set by the page's own checks before
 * sending (`check`) or from a failed submit (`fail`), with focus moved to the first one.
 */
export function createFormProblems(initialMessage?: string) {
  const [message, setMessage] = createSignal(initialMessage)
  const [fields, setFields] = createSignal<Record<string, string>>({})
  let form: HTMLFormElement | undefined
  const show = (problem: FormProblem) => {
    setMessage(problem.message || undefined)
    setFields(problem.fields)
    if (problem.message) focusFirstProblem(form)
  }
  return {
    ref: (el: HTMLFormElement) => {
      form = el
    },
    message,
    fields,
    /** the page's own checks (field → sentence): true when there are none */
    check(problems: Record<string, string>) {
      const ok = Object.keys(problems).length === 0
      show({ message: ok ? '' : 'Please fix the fields marked below.', fields: problems })
      return ok
    },
    fail: (err: unknown) => show(describeFailure(err)),
    clear: () => show({ message: '', fields: {} }),
  }
}
