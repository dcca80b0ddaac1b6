import { Navigate, useNavigate } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { Match, Switch } from 'solid-js'
import { sendJson } from '../../api/client'
import { leaveSignedOut, sessionQueries } from '../../api/session'
import { Loading } from '../../components/status-notices'
import { useDocumentMeta } from '../../lib/document-title'
import { CredentialsSection } from './credentials-section'
import { MyModelsSection } from './my-models-section'
import { DeleteAccountSection, PasswordSection } from './security-sections'
import { ProfileSection } from './profile-section'
import { SessionsSection } from './sessions-section'

/** The signed-in user's own settings; signed-out visitors are sent to sign in first. */
export default function AccountPage() {
  useDocumentMeta(() => ({ title: 'Your account' }))
  const me = useQuery(() => sessionQueries.me())
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  // the header's "Sign out" is not shown on phones; this one is
  const signOut = async () => {
    await sendJson('POST', 'auth/signout')
    await leaveSignedOut(queryClient, navigate)
  }
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
              <div class="account-summary">
                <p class="muted">
                  Signed in as <strong>{user().username}</strong> ({user().email})
                </p>
                <button type="button" class="button button-small" onClick={() => void signOut()}>
                  Sign out
                </button>
              </div>
              <MyModelsSection />
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
