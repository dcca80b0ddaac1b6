import { searchPath } from '../../lib/paths'

/** A 404 from the API: says so, and offers a search for the name. */
export function ModelNotFound(props: { owner: string; model: string }) {
  return (
    <div class="notice not-found" role="alert">
      <h1>Model not found</h1>
      <p>
        There is no model <code>{`${props.owner}/${props.model}`}</code> on Modelport. It may have
        been renamed or removed.
      </p>
      <p class="inline-links">
        <a class="button" href={searchPath({ q: props.model.replace(/[-_]+/g, ' ') })}>
          Search for “{props.model}”
        </a>
        <a href="/">Browse all models</a>
      </p>
    </div>
  )
}
