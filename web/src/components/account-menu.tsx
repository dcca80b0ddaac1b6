import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { Show } from 'solid-js'
import { sendJson } from '../api/client'
import { sessionChanged, sessionQueries } from '../api/session'
import { Avatar } from './avatar'

/**
 * The header's right end: "Sign in" when signed out; the account link and "Sign out" when in.
 * On phones the link is the initial alone and "Sign out" moves to the account page.
 */
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
            <a href="/signin" class="account-menu-signin">
              Sign in
            </a>
          }
        >
          {(user) => (
            <>
              <a href="/account" class="account-menu-user">
                <Avatar name={user().displayName || user().username} size={28} />
                <span class="account-menu-name">{user().displayName || user().username}</span>
              </a>
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
