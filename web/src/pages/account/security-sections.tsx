import { useNavigate } from '@solidjs/router'
import { useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createSignal, Show } from 'solid-js'
import type { AccountMe } from '../../../../worker/api-types'
import { sendJson } from '../../api/client'
import { leaveSignedOut } from '../../api/session'
import { createFormProblems, Field, FormError } from '../../components/form-field'
import { passwordProblem, passwordRule } from '../../lib/account-rules'

export function PasswordSection() {
  const queryClient = useQueryClient()
  const [current, setCurrent] = createSignal('')
  const [next, setNext] = createSignal('')
  const form = createFormProblems()
  const [status, setStatus] = createSignal<string>()

  const change = useMutation(() => ({
    mutationFn: () =>
      sendJson('POST', 'auth/password', { currentPassword: current(), newPassword: next() }),
    onSuccess: async () => {
      setCurrent('')
      setNext('')
      form.clear()
      setStatus('Password changed. Your other sessions were signed out.')
      await queryClient.invalidateQueries({ queryKey: ['account', 'sessions'] })
    },
    onError: (err) => {
      setStatus(undefined)
      form.fail(err)
    },
  }))

  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const problems: Record<string, string> = {}
    if (!current()) problems.currentPassword = 'Enter your current password.'
    const p = passwordProblem(next())
    if (p) problems.newPassword = p
    if (!form.check(problems)) return
    change.mutate()
  }

  return (
    <section class="account-section" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <form ref={form.ref} class="account-form" novalidate onSubmit={submit}>
        <FormError message={form.message()} />
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autocomplete="current-password"
          value={current()}
          onInput={(e) => setCurrent(e.currentTarget.value)}
          error={form.fields().currentPassword}
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autocomplete="new-password"
          hint={`At least ${passwordRule.min} characters.`}
          value={next()}
          onInput={(e) => setNext(e.currentTarget.value)}
          error={form.fields().newPassword}
        />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={change.isPending}>
            Change password
          </button>
          <p class="form-status" role="status">
            {status()}
          </p>
        </div>
      </form>
    </section>
  )
}

/** Deleting is two steps: open the form, then type the username (and password) to confirm. */
export function DeleteAccountSection(props: { me: AccountMe }) {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const [open, setOpen] = createSignal(false)
  const [confirm, setConfirm] = createSignal('')
  const [password, setPassword] = createSignal('')
  const form = createFormProblems()

  const remove = useMutation(() => ({
    // accounts made through single sign-on have no password: the server asks for none then
    mutationFn: () =>
      sendJson('DELETE', 'account', {
        confirm: confirm().trim(),
        password: password() || undefined,
      }),
    onSuccess: async () => {
      await leaveSignedOut(queryClient, navigate)
    },
    onError: (err) => {
      form.fail(err)
    },
  }))

  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const problems: Record<string, string> = {}
    if (confirm().trim().toLowerCase() !== props.me.username)
      problems.confirm = `Type your username, ${props.me.username}, to confirm.`
    if (!form.check(problems)) return
    remove.mutate()
  }

  return (
    <section class="account-section account-danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete account</h2>
      <p>
        Your profile, avatar and credentials are removed and you are signed out everywhere. Your
        posts stay, shown as by "deleted user". This cannot be undone.
      </p>
      <Show
        when={open()}
        fallback={
          <button type="button" class="button button-danger" onClick={() => setOpen(true)}>
            Delete account…
          </button>
        }
      >
        <form ref={form.ref} class="account-form" novalidate onSubmit={submit}>
          <FormError message={form.message()} />
          <Field
            label={`Type your username (${props.me.username}) to confirm`}
            name="confirm"
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            value={confirm()}
            onInput={(e) => setConfirm(e.currentTarget.value)}
            error={form.fields().confirm}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autocomplete="current-password"
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
            error={form.fields().password}
          />
          <div class="form-actions">
            <button type="submit" class="button button-danger" disabled={remove.isPending}>
              Delete my account
            </button>
            <button type="button" class="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Show>
    </section>
  )
}
