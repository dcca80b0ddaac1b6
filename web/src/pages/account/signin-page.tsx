import { useNavigate, useSearchParams } from '@solidjs/router'
import { useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createSignal } from 'solid-js'
import type { AccountMe } from '../../../../worker/api-types'
import { sendJson } from '../../api/client'
import { sessionChanged } from '../../api/session'
import { createFormProblems, Field, FormError } from '../../components/form-field'
import { useDocumentMeta } from '../../lib/document-title'
import { OidcSignIn, useReturnTo } from './auth-shared'

export default function SignInPage() {
  useDocumentMeta(() => ({ title: 'Sign in' }))
  const [search] = useSearchParams()
  const returnTo = useReturnTo()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [login, setLogin] = createSignal('')
  const [password, setPassword] = createSignal('')
  // the OIDC callback sends its failure back as ?error=
  const oidcError = () => {
    const e = search.error
    return typeof e === 'string' && e ? `Single sign-on failed: ${e}` : undefined
  }
  const form = createFormProblems(oidcError())

  const signIn = useMutation(() => ({
    mutationFn: () => {
      const value = login().trim()
      const who = value.includes('@') ? { email: value } : { username: value }
      return sendJson<AccountMe>('POST', 'auth/signin', { ...who, password: password() })
    },
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
    if (!login().trim()) problems.login = 'Enter your username or email.'
    if (!password()) problems.password = 'Enter your password.'
    if (!form.check(problems)) return
    signIn.mutate()
  }

  return (
    <div class="page auth-page">
      <h1>Sign in</h1>
      <OidcSignIn returnTo={returnTo()} />
      <form ref={form.ref} class="account-form" novalidate onSubmit={submit}>
        <FormError message={form.message()} />
        <Field
          label="Username or email"
          name="login"
          autocomplete="username"
          value={login()}
          onInput={(e) => setLogin(e.currentTarget.value)}
          error={form.fields().login ?? form.fields().username ?? form.fields().email}
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
        <button type="submit" class="button button-primary" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p class="auth-switch">
        New to Modelport?{' '}
        <a href={`/signup?${new URLSearchParams({ returnTo: returnTo() })}`}>Create an account</a>
      </p>
    </div>
  )
}
