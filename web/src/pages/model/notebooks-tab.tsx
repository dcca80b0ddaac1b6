import type { ApiNotebook } from '../../../../worker/api-types'
import { NotebookList } from '../../components/discussion-list'

export function NotebooksTab(props: { notebooks: ApiNotebook[] }) {
  return (
    <section class="panel" aria-labelledby="notebooks-heading">
      <h2 id="notebooks-heading">Notebooks</h2>
      <NotebookList notebooks={props.notebooks} />
    </section>
  )
}
