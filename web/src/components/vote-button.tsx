import { useLocation } from '@solidjs/router'
import { useQuery } from '@tanstack/solid-query'
import { useMutation } from '../lib/use-mutation'
import { createSignal, Show } from 'solid-js'
import { errorMessage } from '../api/client'
import { sendVote, type VoteState, type VoteTarget } from '../api/community'
import { sessionQueries } from '../api/session'
import { formatNumber } from '../lib/format'

/** Where a signed-out visitor goes to sign in, coming back to `path` afterwards. */
export const signInHref = (path: string) => `/signin?returnTo=${encodeURIComponent(path)}`

/**
 * An upvote toggle. The count changes at once (`apply` writes it into the cached query); a
 * refused vote puts the old state back and says why; the server's answer settles the count.
 * Signed out, it is a link to sign in.
 */
export function VoteButton(props: {
  target: VoteTarget
  state: VoteState
  apply: (state: VoteState) => void
  /** what is voted on, for the accessible name: "model", "topic", "reply" */
  what: string
}) {
  const location = useLocation()
  const me = useQuery(() => sessionQueries.me())
  const [failure, setFailure] = createSignal('')
  const vote = useMutation(() => ({
    mutationFn: (want: boolean) => sendVote(props.target, want),
    onMutate: (want: boolean) => {
      const before = { ...props.state }
      setFailure('')
      props.apply({ hasVoted: want, voteCount: before.voteCount + (want ? 1 : -1) })
      return before
    },
    onError: (err, _want, before) => {
      if (before) props.apply(before)
      setFailure(errorMessage(err))
    },
    onSuccess: (answer) => props.apply(answer),
  }))
  const label = () => `Upvote this ${props.what}`

  return (
    <span class="vote">
      <Show
        when={me.data}
        fallback={
          <a
            class="vote-button"
            href={signInHref(location.pathname + location.search)}
            title={`Sign in to upvote this ${props.what}`}
            aria-label={`${label()} (sign in first), ${formatNumber(props.state.voteCount)} votes`}
          >
            <span aria-hidden="true">▲</span> {formatNumber(props.state.voteCount)}
          </a>
        }
      >
        <button
          type="button"
          class="vote-button"
          aria-pressed={props.state.hasVoted}
          aria-label={`${label()}, ${formatNumber(props.state.voteCount)} votes`}
          aria-busy={vote.isPending}
          // not `disabled`: that would drop keyboard focus; a click while one is pending waits
          onClick={() => vote.isPending || vote.mutate(!props.state.hasVoted)}
        >
          <span aria-hidden="true">▲</span> {formatNumber(props.state.voteCount)}
        </button>
      </Show>
      <Show when={failure()}>
        <span class="vote-error" role="alert">
          {failure()}
        </span>
      </Show>
    </span>
  )
}
