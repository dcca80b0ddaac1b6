import { useLocation, useNavigate } from '@solidjs/router'
import { useQuery, useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { Show } from 'solid-js'
import { errorMessage } from '../../api/client'
import { createNotebook, showNotebook, type NotebookInputRef } from '../../api/notebooks'
import { sessionQueries } from '../../api/session'
import { signInHref } from '../../components/vote-button'
import { notebookPath } from '../../lib/paths'
import { useMounted } from '../../lib/use-mounted'

/** "New notebook": a notebook with this variation attached and starter cells, then opens it. */
export function NewNotebookButton(props: { input: NotebookInputRef; title: string }) {
  const location = useLocation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const me = useQuery(() => sessionQueries.me())
  const mounted = useMounted()
  const create = useMutation(() => ({
    mutationFn: () => createNotebook(props.input, props.title),
    onSuccess: async (nb) => {
      await showNotebook(queryClient, nb)
      navigate(notebookPath(nb.owner, nb.slug))
    },
  }))
  return (
    <span class="new-notebook">
      <Show
        when={me.data}
        fallback={
          <a class="button" href={signInHref(location.pathname + location.search)}>
            New notebook
          </a>
        }
      >
        <button
          type="button"
          class="button"
          disabled={!mounted() || create.isPending}
          onClick={() => create.mutate()}
        >
          New notebook
        </button>
      </Show>
      <Show when={create.isError}>
        <span class="notice notice-warning" role="alert">
          {errorMessage(create.error)}
        </span>
      </Show>
    </span>
  )
}
