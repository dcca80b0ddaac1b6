import { Navigate, useLocation } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { Match, Switch, type JSX } from 'solid-js'
import type { AccountMe } from '../../../../worker/api-types'
import { sessionQueries } from '../../api/session'
import { Loading } from '../../components/status-notices'

/** The page for a signed-in user; anyone else is sent to sign in and brought back. */
export function SignedIn(props: { children: (me: AccountMe) => JSX.Element }) {
  const me = useQuery(() => sessionQueries.me())
  const location = useLocation()
  return (
    <Switch fallback={<Loading />}>
      <Match when={me.isSuccess && !me.data}>
        <Navigate href={`/signin?returnTo=${encodeURIComponent(location.pathname)}`} />
      </Match>
      <Match when={me.isSuccess && me.data}>{(user) => props.children(user())}</Match>
    </Switch>
  )
}
