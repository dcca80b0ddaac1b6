import { useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createSignal, Show } from 'solid-js'
import { editPost, type PostKind } from '../../api/community'
import { MarkdownEditor } from '../../components/markdown-editor'
import { PostError } from '../../components/post-error'

/** The author's edit of a topic (title and body) or a reply (body). */
export function EditPostForm(props: {
  kind: PostKind
  id: number
  title?: string
  body: string
  onDone: () => void
}) {
  const [title, setTitle] = createSignal(props.title ?? '')
  const [body, setBody] = createSignal(props.body)
  const queryClient = useQueryClient()
  const save = useMutation(() => ({
    mutationFn: () =>
      editPost(
        props.kind,
        props.id,
        props.kind === 'topics' ? { title: title(), body: body() } : { body: body() },
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['discussions'] })
      props.onDone()
    },
  }))
  return (
    <form
      class="post-form"
      aria-label={props.kind === 'topics' ? 'Edit topic' : 'Edit reply'}
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate()
      }}
    >
      <Show when={props.kind === 'topics'}>
        <label class="field">
          <span>Title</span>
          <input
            value={title()}
            maxLength={200}
            required
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </label>
      </Show>
      <MarkdownEditor
        label={props.kind === 'topics' ? 'Body' : 'Reply'}
        value={body()}
        onInput={setBody}
        maxLength={props.kind === 'topics' ? 20_000 : 10_000}
      />
      <PostError error={save.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.isPending}>
          Save
        </button>
        <button type="button" class="button" onClick={() => props.onDone()}>
          Cancel
        </button>
      </div>
    </form>
  )
}
