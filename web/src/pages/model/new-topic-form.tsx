import { useNavigate } from '@solidjs/router'
import { useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createSignal } from 'solid-js'
import { startTopic } from '../../api/community'
import { MarkdownEditor } from '../../components/markdown-editor'
import { PostError } from '../../components/post-error'
import { topicPath } from '../../lib/paths'

/** Starts a topic on a model and opens it. */
export function NewTopicForm(props: { owner: string; model: string; onCancel: () => void }) {
  const [title, setTitle] = createSignal('')
  const [body, setBody] = createSignal('')
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const post = useMutation(() => ({
    mutationFn: () => startTopic(props.owner, props.model, { title: title(), body: body() }),
    onSuccess: async ({ id }) => {
      await queryClient.invalidateQueries({ queryKey: ['discussions', 'list'] })
      void queryClient.invalidateQueries({
        queryKey: ['models', 'detail', props.owner, props.model],
      })
      navigate(topicPath(props.owner, props.model, id))
    },
  }))
  return (
    <form
      class="post-form"
      aria-label="New topic"
      onSubmit={(e) => {
        e.preventDefault()
        post.mutate()
      }}
    >
      <label class="field">
        <span>Title</span>
        <input
          value={title()}
          maxLength={200}
          required
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </label>
      <MarkdownEditor label="Body" value={body()} onInput={setBody} maxLength={20_000} rows={8} />
      <PostError error={post.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={post.isPending}>
          {post.isPending ? 'Posting…' : 'Post topic'}
        </button>
        <button type="button" class="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  )
}
