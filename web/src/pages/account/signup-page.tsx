import { useNavigate } from '@solidjs/router'
import { useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createSignal } from 'solid-js'
import type { AccountMe } from '../../../../worker/api-types'
import { sendJson } from '../../api/client'
import { sessionChanged } from '../../api/session'
import { createFormProblems, Field, FormError } from '../../components/form-field'
import {
  passwordProblem,
  passwordRule,
  usernameHint,
  usernameProblem,
} from '../../lib/account-rules'
import { useDocumentMeta } from '../../lib/document-title'
import { OidcSignIn, useReturnTo } from './auth-shared'

export default function SignUpPage() {
  useDocumentMeta(() => ({ title: 'Create an account' }))
  const returnTo = useReturnTo()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [username, setUsername] = createSignal('')
  const [displayName, setDisplayName] = createSignal('')
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const form = createFormProblems()

  const signUp = useMutation(() => ({
    mutationFn: () =>
      sendJson<AccountMe>('POST', 'auth/signup', {
        username: username().trim().toLowerCase(),
        displayName: displayName().trim() || username().trim(),
        email: email().trim(),
        password: password(),
      }),
    onSuccess: async () => {
      await sessionChanged(queryClient)
      navigate(returnTo(), { replace: true })
    },
    onError: (err) => {
      form.fail(err)
    },
  }))

  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const problems: Record<string, string> = {}
    const u = usernameProblem(username())
    if (u) problems.username = u
    if (displayName().trim().length > 100)
      problems.displayName = 'Display name must be at most 100 characters.'
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email().trim()))
      problems.email = 'Enter an email address, like name@example.com.'
    const p = passwordProblem(password())
    if (p) problems.password = p
    if (!form.check(problems)) return
    signUp.mutate()
  }

  return (
    <div class="page auth-page">
      <h1>Create an account</h1>
      <OidcSignIn returnTo={returnTo()} />
      <form ref={form.ref} class="account-form" novalidate onSubmit={submit}>
        <FormError message={form.message()} />
        <Field
          label="Username"
          name="username"
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          maxLength={20}
          hint={usernameHint}
          value={username()}
          onInput={(e) => setUsername(e.currentTarget.value)}
          error={form.fields().username}
        />
        <Field
          label="Display name (optional)"
          name="displayName"
          autocomplete="name"
          maxLength={100}
          value={displayName()}
          onInput={(e) => setDisplayName(e.currentTarget.value)}
          error={form.fields().displayName}
        />
        <Field
          label="Email"
          name="email"
          type="email"
          autocomplete="email"
          value={email()}
          onInput={(e) => setEmail(e.currentTarget.value)}
          error={form.fields().email}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autocomplete="new-password"
          hint={`At least ${passwordRule.min} characters.`}
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
          error={form.fields().password}
        />
        <button type="submit" class="button button-primary" disabled={signUp.isPending}>
          {signUp.isPending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p class="auth-switch">
        Already have an account?{' '}
        <a href={`/signin?${new URLSearchParams({ returnTo: returnTo() })}`}>Sign in</a>
      </p>
    </div>
  )
}
