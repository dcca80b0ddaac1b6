/** What the model page shows while the model loads: the header's and the card's frames. */
export function ModelPageSkeleton() {
  return (
    <div role="status" aria-label="Loading model">
      <div class="model-header" aria-hidden="true">
        <span class="skeleton skeleton-line short" />
        <span class="skeleton skeleton-heading" />
        <span class="skeleton skeleton-line" />
        <span class="skeleton skeleton-line short" />
      </div>
      <div class="panel" aria-hidden="true">
        <span class="skeleton skeleton-block" />
      </div>
    </div>
  )
}
