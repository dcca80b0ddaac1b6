import { A } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { Show } from 'solid-js'
import { sendJson } from '../api/client'
import { sessionChanged, sessionQueries } from '../api/session'

/** The header's right end: "Sign in" when signed out; the account link and "Sign out" when in. */
export function AccountMenu() {
  const me = useQuery(() => sessionQueries.me())
  const queryClient = useQueryClient()
  const signOut = async () => {
    await sendJson('POST', 'auth/signout')
    await sessionChanged(queryClient)
  }
  return (
    <nav class="account-menu" aria-label="Account">
      <Show when={me.isSuccess}>
        <Show
          when={me.data}
          fallback={
            <A href="/signin" class="account-menu-signin">
              Sign in
            </A>
          }
        >
          {(user) => (
            <>
              <A href="/account" class="account-menu-user">
                {user().displayName || user().username}
              </A>
              <button type="button" class="account-menu-signout" onClick={() => void signOut()}>
                Sign out
              </button>
            </>
          )}
        </Show>
      </Show>
    </nav>
  )
}
