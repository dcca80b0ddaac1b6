import { useNavigate } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createSignal, For, Show } from 'solid-js'
import type { ApiSession } from '../../../../worker/api-types'
import { accountQueries } from '../../api/account'
import { sendJson } from '../../api/client'
import { leaveSignedOut } from '../../api/session'
import { describeFailure } from '../../components/form-field'
import { QueryBoundary } from '../../components/query-boundary'
import { formatDate, formatRelative } from '../../lib/format'

/** "Chrome on Linux" from a user agent string; the raw string when nothing is recognised. */
function browserName(ua: string) {
  if (!ua) return 'Unknown browser'
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : undefined
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : undefined
  if (!browser) return ua.slice(0, 80)
  return os ? `${browser} on ${os}` : browser
}

const thisDeviceFirst = (sessions: ApiSession[]) =>
  [...sessions].sort((a, b) => Number(b.current) - Number(a.current))

export function SessionsSection() {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const sessions = useQuery(() => accountQueries.sessions())
  const [error, setError] = createSignal<string>()

  const signedOut = async () => {
    await leaveSignedOut(queryClient, navigate)
  }

  const revoke = useMutation(() => ({
    mutationFn: (s: ApiSession) =>
      sendJson('DELETE', `account/sessions/${encodeURIComponent(s.id)}`),
    onSuccess: async (_, s) => {
      setError(undefined)
      if (s.current) return signedOut()
      await queryClient.invalidateQueries({ queryKey: ['account', 'sessions'] })
    },
    onError: (err) => setError(describeFailure(err).message),
  }))

  const everywhere = useMutation(() => ({
    mutationFn: () => sendJson('POST', 'auth/signout-everywhere'),
    onSuccess: signedOut,
    onError: (err) => setError(describeFailure(err).message),
  }))

  return (
    <section class="account-section" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Active sessions</h2>
      <div role="alert" class="form-error">
        <Show when={error()}>
          <p class="notice notice-error">{error()}</p>
        </Show>
      </div>
      <QueryBoundary query={sessions}>
        {(list) => (
          <ul class="credential-list" role="list" aria-label="Active sessions">
            <For each={thisDeviceFirst(list())}>
              {(s) => (
                <li class="credential">
                  <div>
                    <strong>{browserName(s.userAgent)}</strong>{' '}
                    <Show when={s.current}>
                      <span class="chip chip-current">This device</span>
                    </Show>
                    <p class="muted">
                      Signed in {formatDate(s.createTime)} · last seen{' '}
                      {formatRelative(s.lastSeenTime)}
                    </p>
                  </div>
                  <button
                    type="button"
                    class="button button-small"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate(s)}
                  >
                    {s.current ? 'Sign out' : 'Revoke'}
                  </button>
                </li>
              )}
            </For>
          </ul>
        )}
      </QueryBoundary>
      <div class="form-actions">
        <button
          type="button"
          class="button"
          disabled={everywhere.isPending}
          onClick={() => everywhere.mutate()}
        >
          Sign out everywhere
        </button>
      </div>
    </section>
  )
}
