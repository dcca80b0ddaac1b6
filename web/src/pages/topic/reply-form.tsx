import { useQueryClient } from '@tanstack/solid-query'
import { useMutation } from '../../lib/use-mutation'
import { createSignal } from 'solid-js'
import { postReply } from '../../api/community'
import { MarkdownEditor } from '../../components/markdown-editor'
import { PostError } from '../../components/post-error'

/** A reply to a topic; the thread refreshes to show it. */
export function ReplyForm(props: { topicId: number }) {
  const [body, setBody] = createSignal('')
  const queryClient = useQueryClient()
  const post = useMutation(() => ({
    mutationFn: () => postReply(props.topicId, body()),
    onSuccess: async () => {
      setBody('')
      await queryClient.invalidateQueries({ queryKey: ['discussions'] })
    },
  }))
  return (
    <form
      class="post-form"
      aria-label="Reply"
      onSubmit={(e) => {
        e.preventDefault()
        post.mutate()
      }}
    >
      <MarkdownEditor label="Your reply" value={body()} onInput={setBody} maxLength={10_000} />
      <PostError error={post.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={post.isPending}>
          {post.isPending ? 'Posting…' : 'Post reply'}
        </button>
      </div>
    </form>
  )
}
