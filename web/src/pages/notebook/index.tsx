import { useNavigate, useParams } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createMemo, createSignal, For, onCleanup, Show } from 'solid-js'
import type { ApiHostedNotebookDetail } from '../../../../worker/api-types'
import { errorMessage, isNotFound } from '../../api/client'
import type { VoteState } from '../../api/community'
import {
  deleteNotebook,
  forkNotebook,
  getNotebookRunFiles,
  notebookQueries,
  saveNotebookVersion,
  showNotebook,
} from '../../api/notebooks'
import { sessionQueries } from '../../api/session'
import { NotebookRunBar } from '../../components/notebook-run-bar'
import { NotebookView } from '../../components/notebook-view'
import { QueryBoundary } from '../../components/query-boundary'
import { VoteButton } from '../../components/vote-button'
import { useDocumentMeta } from '../../lib/document-title'
import { formatBytes, formatDate } from '../../lib/format'
import { viewNotebook } from '../../lib/notebook-cells'
import { createNotebookRun } from '../../lib/notebook-run'
import { modelPath, notebookPath, ownerPath } from '../../lib/paths'
import { NotebookComments } from './comments'

function InputPanel(props: { notebook: ApiHostedNotebookDetail }) {
  return (
    <aside class="panel notebook-inputs" aria-labelledby="notebook-inputs-heading">
      <h2 id="notebook-inputs-heading">Input</h2>
      <Show
        when={props.notebook.inputs.length > 0}
        fallback={<p class="muted">No models attached.</p>}
      >
        <ul role="list">
          <For each={props.notebook.inputs}>
            {(input) => (
              <li>
                <a
                  href={modelPath({
                    owner: input.owner,
                    model: input.model,
                    framework: input.framework,
                    variation: input.variation,
                    version: input.version ?? undefined,
                  })}
                >
                  {input.modelTitle}
                </a>
                <code class="muted">{input.handle}</code>
                <span class="muted">
                  {input.version === null ? 'latest version' : `version ${input.version}`}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </aside>
  )
}

/**
 * A JavaScript notebook with its run bar: cells run in the runner's sandboxed frame, where they
 * get nothing of the visitor's session (so anyone may run anyone's notebook); outputs saved.
 */
function RunnableNotebook(props: { notebook: ApiHostedNotebookDetail; doc: unknown }) {
  const queryClient = useQueryClient()
  // once per file: a getter would parse every cell again on each read
  const viewed = createMemo(() => viewNotebook(props.doc, 'javascript'))
  const run = createNotebookRun({
    source: (at) => viewed().cells.find((c) => c.kind === 'code' && c.at === at)?.source ?? '',
    inputs: async () =>
      (await getNotebookRunFiles(props.notebook.owner, props.notebook.slug)).inputs,
  })
  onCleanup(() => run.dispose())
  const [saveError, setSaveError] = createSignal('')
  const save = useMutation(() => ({
    mutationFn: () =>
      saveNotebookVersion(props.notebook.owner, props.notebook.slug, run.withOutputs(props.doc)),
    onSuccess: async (saved) => {
      setSaveError('')
      await showNotebook(queryClient, saved)
    },
    onError: (err) => setSaveError(errorMessage(err)),
  }))
  const codeCells = () => viewed().cells.flatMap((c) => (c.kind === 'code' ? [c.at] : []))
  return (
    <div class="notebook-runnable">
      <NotebookRunBar
        run={run}
        codeCells={codeCells()}
        onSave={props.notebook.canEdit ? () => save.mutate() : undefined}
        saving={save.isPending}
        saveError={saveError()}
      />
      <NotebookView notebook={viewed()} run={run} />
    </div>
  )
}

/** A notebook shown without a run bar; the file is read into cells once. */
function ReadOnlyNotebook(props: { doc: unknown; language: 'python' | 'javascript' }) {
  const viewed = createMemo(() => viewNotebook(props.doc, props.language))
  return <NotebookView notebook={viewed()} />
}

/** `/notebooks/:owner/:slug`: a hosted notebook with its inputs; JavaScript ones run here. */
export default function NotebookPage() {
  const params = useParams<{ owner: string; slug: string }>()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const detail = useQuery(() => notebookQueries.detail(params.owner, params.slug))
  const me = useQuery(() => sessionQueries.me())
  const content = useQuery(() => ({
    ...notebookQueries.content(params.owner, params.slug, detail.data?.latestVersion ?? 0),
    enabled: detail.isSuccess,
  }))
  const [forkError, setForkError] = createSignal('')
  const fork = useMutation(() => ({
    mutationFn: () => forkNotebook(params.owner, params.slug),
    onSuccess: async (created) => {
      await showNotebook(queryClient, created)
      navigate(notebookPath(created.owner, created.slug))
    },
    onError: (err) => setForkError(errorMessage(err)),
  }))

  const remove = useMutation(() => ({
    mutationFn: () => deleteNotebook(params.owner, params.slug),
    onSuccess: () => {
      queryClient.removeQueries({
        queryKey: notebookQueries.detail(params.owner, params.slug).queryKey,
      })
      navigate(ownerPath(params.owner))
    },
    onError: (err) => setForkError(errorMessage(err)),
  }))

  useDocumentMeta(() => ({
    title: isNotFound(detail.error)
      ? 'Notebook not found'
      : (detail.data?.title ?? `${params.owner}/${params.slug}`),
  }))

  const applyVote = (state: VoteState) =>
    queryClient.setQueryData(
      notebookQueries.detail(params.owner, params.slug).queryKey,
      (old) => old && { ...old, ...state },
    )

  return (
    <div class="page notebook-page">
      <QueryBoundary
        query={detail}
        error={(err) =>
          isNotFound(err) ? (
            <div class="notice not-found" role="alert">
              <h1>Notebook not found</h1>
              <p>It does not exist, or it is private.</p>
            </div>
          ) : undefined
        }
      >
        {(nb) => (
          <>
            <header class="notebook-header">
              <h1>{nb().title}</h1>
              <p class="muted">
                <a href={ownerPath(nb().owner)}>{nb().ownerName}</a> · version {nb().version.number}{' '}
                · {nb().version.cellCount} cells · {formatBytes(nb().version.sizeBytes)} · updated{' '}
                {formatDate(nb().updateTime)}
                <Show when={nb().isPrivate}>
                  {' '}
                  · <span class="badge">Private</span>
                </Show>
              </p>
              <Show when={nb().forkedFrom}>
                {(source) => (
                  <p class="muted">
                    Forked from{' '}
                    <a href={notebookPath(source().owner, source().slug)}>{source().title}</a>
                  </p>
                )}
              </Show>
              <div class="notebook-actions">
                <VoteButton
                  target={{ kind: 'notebooks', owner: nb().owner, slug: nb().slug }}
                  state={{ voteCount: nb().voteCount, hasVoted: nb().hasVoted }}
                  apply={applyVote}
                  what="notebook"
                />
                <Show when={me.data}>
                  <button
                    type="button"
                    class="button"
                    disabled={fork.isPending}
                    onClick={() => fork.mutate()}
                  >
                    Fork ({nb().forkCount})
                  </button>
                </Show>
                <Show when={nb().canEdit}>
                  <a class="button" href={`${notebookPath(nb().owner, nb().slug)}/edit`}>
                    Edit
                  </a>
                  <button
                    type="button"
                    class="button"
                    disabled={remove.isPending}
                    onClick={() => {
                      if (confirm(`Delete “${nb().title}” and all its versions? Its forks stay.`))
                        remove.mutate()
                    }}
                  >
                    Delete
                  </button>
                </Show>
                <a class="button" href={new URL(nb().version.downloadUrl).pathname} download="">
                  Download .ipynb
                </a>
              </div>
              <Show when={forkError()}>
                <p class="notice notice-warning" role="alert">
                  {forkError()}
                </p>
              </Show>
            </header>
            <div class="notebook-layout">
              <QueryBoundary query={content}>
                {(doc) => (
                  <Show
                    when={nb().language === 'javascript'}
                    fallback={<ReadOnlyNotebook doc={doc().json} language={nb().language} />}
                  >
                    <RunnableNotebook notebook={nb()} doc={doc().json} />
                  </Show>
                )}
              </QueryBoundary>
              <InputPanel notebook={nb()} />
            </div>
            <NotebookComments owner={nb().owner} slug={nb().slug} me={me.data?.username} />
          </>
        )}
      </QueryBoundary>
    </div>
  )
}
