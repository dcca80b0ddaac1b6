import { useNavigate, useParams } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createMemo, createSignal, For, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import type { ApiHostedNotebookDetail } from '../../../../worker/api-types'
import { errorMessage, isNotFound } from '../../api/client'
import { notebookQueries, saveNotebookVersion, showNotebook } from '../../api/notebooks'
import { AddModels } from '../../components/add-models'
import { CodeEditor, type EditorLanguage } from '../../components/code-editor'
import { QueryBoundary } from '../../components/query-boundary'
import { useDocumentMeta } from '../../lib/document-title'
import {
  draftOf,
  ipynbOf,
  moved,
  newCell,
  retyped,
  type Draft,
  type DraftCellType,
} from '../../lib/notebook-draft'
import { notebookPath } from '../../lib/paths'

function Editor(props: { notebook: ApiHostedNotebookDetail; doc: unknown }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [draft, setDraft] = createStore<Draft>(draftOf(props.doc))
  const [error, setError] = createSignal('')
  const codeLanguage = props.notebook.language
  const languageOf = (type: DraftCellType): EditorLanguage =>
    type === 'code' ? codeLanguage : type === 'markdown' ? 'markdown' : 'text'

  const insert = (at: number, type: DraftCellType) =>
    setDraft('cells', (cells) => [...cells.slice(0, at), newCell(type), ...cells.slice(at)])
  const save = useMutation(() => ({
    mutationFn: () =>
      saveNotebookVersion(
        props.notebook.owner,
        props.notebook.slug,
        JSON.parse(ipynbOf(draft)) as unknown,
      ),
    onSuccess: async (saved) => {
      await showNotebook(queryClient, saved)
      navigate(notebookPath(saved.owner, saved.slug))
    },
    onError: (err) => setError(errorMessage(err)),
  }))
  const download = () => {
    const url = URL.createObjectURL(
      new Blob([ipynbOf(draft)], { type: 'application/x-ipynb+json' }),
    )
    const link = document.createElement('a')
    link.href = url
    link.download = `${props.notebook.slug}.ipynb`
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  const AddButtons = (p: { at: number }) => (
    <div class="nb-edit-add">
      <button type="button" class="button" onClick={() => insert(p.at, 'code')}>
        + Code
      </button>
      <button type="button" class="button" onClick={() => insert(p.at, 'markdown')}>
        + Markdown
      </button>
    </div>
  )

  return (
    <div class="notebook-layout">
      <div class="notebook-editor">
        <div class="nb-run-bar" role="toolbar" aria-label="Edit the notebook">
          <button
            type="button"
            class="button button-primary"
            disabled={save.isPending}
            onClick={() => save.mutate()}
          >
            Save version
          </button>
          <button type="button" class="button" onClick={download}>
            Download .ipynb
          </button>
          <a class="button" href={notebookPath(props.notebook.owner, props.notebook.slug)}>
            Close
          </a>
          <p class="nb-run-status muted" role="status">
            {draft.cells.length} cells · saving makes version {props.notebook.latestVersion + 1}
          </p>
          <Show when={error()}>
            <p class="notice notice-warning" role="alert">
              {error()}
            </p>
          </Show>
        </div>
        <AddButtons at={0} />
        <ol class="nb-edit-cells" aria-label="Cells">
          <For each={draft.cells}>
            {(cell, index) => (
              <li class="nb-edit-cell">
                <div class="nb-edit-tools">
                  <label>
                    <span class="visually-hidden">Type of cell {index() + 1}</span>
                    <select
                      value={cell.type}
                      onChange={(e) =>
                        setDraft('cells', index(), (c) =>
                          retyped(c, e.currentTarget.value as DraftCellType),
                        )
                      }
                    >
                      <option value="code">Code</option>
                      <option value="markdown">Markdown</option>
                      <option value="raw">Raw</option>
                    </select>
                  </label>
                  <button
                    type="button"
                    class="button"
                    aria-label={`Move cell ${index() + 1} up`}
                    disabled={index() === 0}
                    onClick={() => setDraft('cells', (cells) => moved(cells, index(), -1))}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    class="button"
                    aria-label={`Move cell ${index() + 1} down`}
                    disabled={index() === draft.cells.length - 1}
                    onClick={() => setDraft('cells', (cells) => moved(cells, index(), 1))}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    class="button"
                    aria-label={`Delete cell ${index() + 1}`}
                    onClick={() =>
                      setDraft('cells', (cells) => cells.filter((c) => c.key !== cell.key))
                    }
                  >
                    Delete
                  </button>
                </div>
                <Show when={languageOf(cell.type)} keyed>
                  {(language) => (
                    <CodeEditor
                      source={cell.source}
                      language={language}
                      label={`Cell ${index() + 1}`}
                      onChange={(source) =>
                        setDraft('cells', (c) => c.key === cell.key, 'source', source)
                      }
                    />
                  )}
                </Show>
                <AddButtons at={index() + 1} />
              </li>
            )}
          </For>
        </ol>
      </div>
      <AddModels notebook={props.notebook} />
    </div>
  )
}

/** `/notebooks/:owner/:slug/edit`: the notebook editor (CodeMirror 6, loaded with this route). */
export default function NotebookEditPage() {
  const params = useParams<{ owner: string; slug: string }>()
  const detail = useQuery(() => notebookQueries.detail(params.owner, params.slug))
  // The version this editor opened, kept when a save moves the notebook on: the save goes back to
  // the viewer, and an editor drawn again for the new version while that navigation ran could
  // leave the page on this editor for good (a journey saw it about one run in three)
  const opened = createMemo<number | undefined>((was) => was ?? detail.data?.latestVersion)
  const content = useQuery(() => ({
    ...notebookQueries.content(params.owner, params.slug, opened() ?? 0),
    enabled: opened() !== undefined,
  }))
  useDocumentMeta(() => ({
    title: isNotFound(detail.error)
      ? 'Notebook not found'
      : `Edit ${detail.data?.title ?? `${params.owner}/${params.slug}`}`,
  }))
  return (
    <div class="page notebook-page">
      <QueryBoundary query={detail}>
        {(nb) => (
          <>
            <h1>Edit {nb().title}</h1>
            <Show
              when={nb().canEdit}
              fallback={
                <p class="notice" role="alert">
                  Only its owner can edit this notebook; fork it to make your own copy.
                </p>
              }
            >
              <QueryBoundary query={content}>
                {(doc) => <Editor notebook={nb()} doc={doc().json} />}
              </QueryBoundary>
            </Show>
          </>
        )}
      </QueryBoundary>
    </div>
  )
}
