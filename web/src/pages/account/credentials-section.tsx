import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createSignal, For, Show } from 'solid-js'
import type { ApiCreatedToken, ApiLegacyKey, ApiTokenInfo } from '../../../../worker/api-types'
import { accountQueries } from '../../api/account'
import { sendJson } from '../../api/client'
import { CopyButton } from '../../components/copy-button'
import { createFormProblems, describeFailure, Field, FormError } from '../../components/form-field'
import { QueryBoundary } from '../../components/query-boundary'
import { formatDate } from '../../lib/format'

function downloadJson(filename: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value)], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** kaggle.json keys and access tokens: secrets are shown once, right after creation. */
export function CredentialsSection() {
  const queryClient = useQueryClient()
  const tokens = useQuery(() => accountQueries.tokens())
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['account', 'tokens'] })
  const [legacyError, setLegacyError] = createSignal<string>()
  const [legacyKey, setLegacyKey] = createSignal<ApiLegacyKey>()

  const legacy = useMutation(() => ({
    mutationFn: () => sendJson<ApiLegacyKey>('POST', 'account/legacy-key'),
    onSuccess: async (key) => {
      setLegacyError(undefined)
      setLegacyKey(key)
      downloadJson('kaggle.json', { username: key.username, key: key.key })
      await refresh()
    },
    onError: (err) => setLegacyError(describeFailure(err).message),
  }))

  const revoke = useMutation(() => ({
    mutationFn: (id: number) => sendJson('DELETE', `account/tokens/${id}`),
    onSettled: () => refresh(),
  }))

  return (
    <section class="account-section" aria-labelledby="credentials-heading">
      <h2 id="credentials-heading">API credentials</h2>
      <h3>Legacy API key (kaggle.json)</h3>
      <p>
        For the <code>kaggle</code> CLI and older <code>kagglehub</code>: save the file as{' '}
        <code>~/.kaggle/kaggle.json</code>.
      </p>
      <div class="form-actions">
        <button
          type="button"
          class="button"
          disabled={legacy.isPending}
          onClick={() => legacy.mutate()}
        >
          Create legacy API key
        </button>
      </div>
      <div role="alert" class="form-error">
        <Show when={legacyError()}>
          <p class="notice notice-error">{legacyError()}</p>
        </Show>
      </div>
      <Show when={legacyKey()}>
        {(key) => (
          <div class="notice notice-warning secret-once" role="status">
            <p class="notice-title">kaggle.json downloaded. You will not see this key again.</p>
            <p>
              <code class="secret">{key().key}</code>{' '}
              <CopyButton text={key().key} label="Copy key" />
            </p>
            <button
              type="button"
              class="button button-small"
              onClick={() =>
                downloadJson('kaggle.json', { username: key().username, key: key().key })
              }
            >
              Download kaggle.json again
            </button>
          </div>
        )}
      </Show>

      <h3>Access tokens</h3>
      <CreateTokenForm onCreated={refresh} />
      <QueryBoundary query={tokens}>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={<p class="muted credential-empty">No API credentials yet.</p>}
          >
            <ul class="credential-list" role="list" aria-label="API credentials">
              <For each={list()}>
                {(t) => <TokenRow token={t} onRevoke={() => revoke.mutate(t.id)} />}
              </For>
            </ul>
          </Show>
        )}
      </QueryBoundary>
    </section>
  )
}

function TokenRow(props: { token: ApiTokenInfo; onRevoke: () => void }) {
  return (
    <li class="credential">
      <div>
        <strong>{props.token.name}</strong>{' '}
        <span class="chip">{props.token.kind === 'legacy' ? 'legacy key' : 'access token'}</span>
        <p class="muted">
          <code>{props.token.prefix}…</code> · {props.token.scopes.join(', ')} · created{' '}
          {formatDate(props.token.createTime)}
          <Show when={props.token.expireTime}>{(t) => <> · expires {formatDate(t())}</>}</Show>
          <Show when={props.token.lastUsedTime}>{(t) => <> · last used {formatDate(t())}</>}</Show>
        </p>
      </div>
      <button
        type="button"
        class="button button-small"
        aria-label={`Revoke ${props.token.name}`}
        onClick={() => props.onRevoke()}
      >
        Revoke
      </button>
    </li>
  )
}

function CreateTokenForm(props: { onCreated: () => unknown }) {
  const [name, setName] = createSignal('')
  const [write, setWrite] = createSignal(false)
  const [days, setDays] = createSignal('90')
  const form = createFormProblems()
  const [created, setCreated] = createSignal<ApiCreatedToken>()

  const create = useMutation(() => ({
    mutationFn: () =>
      sendJson<ApiCreatedToken>('POST', 'account/tokens', {
        name: name().trim(),
        scopes: write() ? ['read', 'write'] : ['read'],
        expiresInDays: Number(days()),
      }),
    onSuccess: async (token) => {
      setCreated(token)
      setName('')
      form.clear()
      await props.onCreated()
    },
    onError: (err) => {
      form.fail(err)
    },
  }))

  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const problems: Record<string, string> = {}
    if (!name().trim()) problems.name = 'Name the token, e.g. "laptop".'
    if (name().trim().length > 100) problems.name = 'Name must be at most 100 characters.'
    if (!form.check(problems)) return
    create.mutate()
  }

  return (
    <>
      <form ref={form.ref} class="account-form token-form" novalidate onSubmit={submit}>
        <FormError message={form.message()} />
        <Field
          label="Token name"
          name="name"
          maxLength={100}
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
          error={form.fields().name}
        />
        <fieldset class="field">
          <legend>Scopes</legend>
          <label class="check">
            <input type="checkbox" checked disabled /> read
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={write()}
              onChange={(e) => setWrite(e.currentTarget.checked)}
            />{' '}
            write
          </label>
        </fieldset>
        <div class="field">
          <label for="field-expires">Expires after</label>
          <select
            id="field-expires"
            value={days()}
            onChange={(e) => setDays(e.currentTarget.value)}
          >
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="365">1 year</option>
          </select>
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={create.isPending}>
            Create access token
          </button>
        </div>
      </form>
      <Show when={created()}>
        {(t) => (
          <div class="notice notice-warning secret-once" role="status">
            <p class="notice-title">
              Token "{t().name}" created. Copy it now: you will not see it again.
            </p>
            <p>
              <code class="secret">{t().token}</code>{' '}
              <CopyButton text={t().token} label="Copy token" />
            </p>
          </div>
        )}
      </Show>
    </>
  )
}
