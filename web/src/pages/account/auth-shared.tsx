import { useSearchParams } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { Show } from 'solid-js'
import { accountQueries } from '../../api/account'
import { safeReturnTo } from '../../lib/return-to'

/** Where to go after signing in: the `?returnTo=` when it is a path on this site, else home. */
export function useReturnTo() {
  const [search] = useSearchParams()
  return () => safeReturnTo(search.returnTo)
}

/** "Sign in with <provider>" when single sign-on is configured: a full page navigation. */
export function OidcSignIn(props: { returnTo: string }) {
  const provider = useQuery(() => accountQueries.oidcProvider())
  return (
    <Show when={provider.data}>
      {(name) => (
        <div class="auth-alternative">
          <a
            class="button"
            href={`/api/v1/auth/oidc/start?${new URLSearchParams({ returnTo: props.returnTo })}`}
          >
            Sign in with {name()}
          </a>
          <p class="auth-or">or</p>
        </div>
      )}
    </Show>
  )
}
