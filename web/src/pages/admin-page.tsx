import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { createSignal, For, Show } from 'solid-js'
import type { ApiSyncRun } from '../../../worker/api-types'
import { adminQueries, adminToken, runTfhubSync } from '../api/admin'
import { errorMessage } from '../api/client'
import { QueryBoundary } from '../components/query-boundary'
import { useDocumentTitle } from '../lib/document-title'
import { AdminQueues } from './admin-queues'

/** Operator page: the TF Hub sync's last runs, a button to run it now, and the moderation queue. */
export default function AdminPage() {
  const [token, setToken] = createSignal(adminToken.get())
  const [draft, setDraft] = createSignal('')
  const [running, setRunning] = createSignal(false)
  const [runError, setRunError] = createSignal('')
  const queryClient = useQueryClient()
  const runs = useQuery(() => adminQueries.syncRuns(token()))
  useDocumentTitle(() => 'Operations')

  const signIn = (event: SubmitEvent) => {
    event.preventDefault()
    adminToken.set(draft().trim())
    setToken(draft().trim())
  }
  const signOut = () => {
    adminToken.clear()
    setToken('')
  }
  const syncNow = async () => {
    setRunning(true)
    setRunError('')
    try {
      await runTfhubSync()
    } catch (err) {
      setRunError(errorMessage(err))
    } finally {
      setRunning(false)
      await queryClient.invalidateQueries({ queryKey: ['admin', 'sync-runs'] })
    }
  }

  return (
    <div class="page admin-page">
      <h1>Operations</h1>
      <Show
        when={token()}
        fallback={
          <form class="admin-sign-in" onSubmit={signIn}>
            <label for="admin-token">Operator token</label>
            <input
              id="admin-token"
              type="password"
              autocomplete="off"
              value={draft()}
              onInput={(e) => setDraft(e.currentTarget.value)}
            />
            <button type="submit" disabled={!draft().trim()}>
              Show sync runs
            </button>
            <p class="muted">
              The token `npm start` prints, or the Worker's ADMIN_TOKEN secret. It stays in this
              tab.
            </p>
          </form>
        }
      >
        <div class="admin-actions">
          <button type="button" onClick={syncNow} disabled={running()}>
            {running() ? 'Syncing…' : 'Run TF Hub sync now'}
          </button>
          <button type="button" class="link-button" onClick={signOut}>
            Forget token
          </button>
        </div>
        <Show when={runError()}>
          <p role="alert" class="error-text">
            {runError()}
          </p>
        </Show>
        <QueryBoundary query={runs}>
          {(data) => (
            <Show when={data().runs[0]} fallback={<p>No sync has run yet.</p>}>
              {(last) => (
                <>
                  <LastRun run={last()} />
                  <RunTable runs={data().runs} />
                </>
              )}
            </Show>
          )}
        </QueryBoundary>
        <AdminQueues token={token()} />
      </Show>
    </div>
  )
}

function LastRun(props: { run: ApiSyncRun }) {
  const errors = () =>
    props.run.errorsJson
      ? (JSON.parse(props.run.errorsJson) as { path: string; message: string }[])
      : []
  return (
    <section class="panel last-run" aria-labelledby="last-run-heading">
      <h2 id="last-run-heading">
        Last TF Hub sync:{' '}
        <span class={`status status-${props.run.status}`}>{props.run.status}</span>
      </h2>
      <dl class="facts">
        <dt>Started</dt>
        <dd>
          {new Date(props.run.startedAt).toLocaleString()} ({props.run.trigger})
        </dd>
        <dt>Commit</dt>
        <dd>
          <code>{props.run.sourceRevision?.slice(0, 12) ?? '–'}</code>
        </dd>
        <dt>Files</dt>
        <dd>
          {props.run.filesSeen.toLocaleString()} seen, {props.run.filesChanged.toLocaleString()}{' '}
          changed, {props.run.filesAdded.toLocaleString()} added,{' '}
          {props.run.filesUnlisted.toLocaleString()} unlisted
        </dd>
        <dt>Time</dt>
        <dd>
          {props.run.wallMs ?? '–'} ms wall, {props.run.cpuMs ?? '–'} ms compute,{' '}
          {props.run.subrequests ?? '–'} subrequests
        </dd>
        <Show when={props.run.message}>
          <dt>Message</dt>
          <dd>{props.run.message}</dd>
        </Show>
      </dl>
      <Show when={errors().length}>
        <h3>{props.run.errorCount} file errors</h3>
        <ul class="error-list">
          <For each={errors().slice(0, 20)}>
            {(e) => (
              <li>
                <code>{e.path}</code>: {e.message}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  )
}

function RunTable(props: { runs: ApiSyncRun[] }) {
  return (
    <div class="table-scroll">
      <table class="runs-table">
        <caption>Recent runs</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Trigger</th>
            <th scope="col">Status</th>
            <th scope="col">Changed</th>
            <th scope="col">Errors</th>
            <th scope="col">Wall</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.runs}>
            {(run) => (
              <tr>
                <td>{new Date(run.startedAt).toLocaleString()}</td>
                <td>{run.trigger}</td>
                <td>{run.status}</td>
                <td>{run.filesChanged}</td>
                <td>{run.errorCount}</td>
                <td>{run.wallMs ?? '–'} ms</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  )
}
