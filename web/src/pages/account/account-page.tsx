import { Navigate } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { Match, Switch } from 'solid-js'
import { sessionQueries } from '../../api/session'
import { Loading } from '../../components/query-boundary'
import { useDocumentMeta } from '../../lib/document-title'
import { CredentialsSection } from './credentials-section'
import { DeleteAccountSection, PasswordSection } from './security-sections'
import { ProfileSection } from './profile-section'
import { SessionsSection } from './sessions-section'

/** The signed-in user's own settings; signed-out visitors are sent to sign in first. */
export default function AccountPage() {
  useDocumentMeta(() => ({ title: 'Your account' }))
  const me = useQuery(() => sessionQueries.me())
  return (
    <div class="page account-page">
      <Switch fallback={<Loading />}>
        <Match when={me.isSuccess && !me.data}>
          <Navigate href="/signin?returnTo=%2Faccount" />
        </Match>
        <Match when={me.isSuccess && me.data}>
          {(user) => (
            <>
              <h1>Your account</h1>
              <p class="muted">
                Signed in as <strong>{user().username}</strong> ({user().email})
              </p>
              <ProfileSection me={user()} />
              <PasswordSection />
              <CredentialsSection />
              <SessionsSection />
              <DeleteAccountSection me={user()} />
            </>
          )}
        </Match>
      </Switch>
    </div>
  )
}
