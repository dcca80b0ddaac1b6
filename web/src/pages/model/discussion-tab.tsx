import { useQuery } from '@tanstack/solid-query'
import { modelActivityQueries } from '../../api/stats'
import { DiscussionList } from '../../components/discussion-list'
import { QueryBoundary } from '../../components/query-boundary'

export function DiscussionTab(props: { owner: string; model: string }) {
  const topics = useQuery(() => modelActivityQueries.discussions(props.owner, props.model))
  return (
    <section class="panel" aria-labelledby="discussion-heading">
      <h2 id="discussion-heading">Discussion</h2>
      <QueryBoundary query={topics}>
        {(data) => <DiscussionList topics={data().topics} total={data().totalResults} />}
      </QueryBoundary>
    </section>
  )
}
