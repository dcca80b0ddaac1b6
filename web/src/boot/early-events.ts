// Solid's hydration script (in the server's <head>) records the clicks and keystrokes made on the
// server's markup before the app takes it over, and replays each once its element is hydrated.
// The replay walks `event.composedPath()` to find the handlers, but that path is empty once an
// event has been dispatched, so a replayed event reached no handler (solid-js 1.9.19,
// web/dist/web.js `eventHandler`): a vote pressed while the page was still loading was lost.

type Recorded = [Element, Event]

/** The path an event at `target` takes now: the target, its ancestors, the document, window. */
function pathTo(target: EventTarget | null): EventTarget[] {
  const path: EventTarget[] = []
  for (let node = target as Node | null; node; node = node.parentNode) path.push(node)
  return [...path, window]
}

/**
 * Gives each event Solid records, before and after this runs, a `composedPath()` that answers
 * from its target at the time of the replay.
 */
export function keepEarlyEventPaths(hydration: { events: Recorded[] | null }) {
  const events = hydration.events
  if (!events) return
  const withPath = (record: Recorded) => {
    const event = record[1]
    Object.defineProperty(event, 'composedPath', {
      configurable: true,
      value: () => pathTo(event.target),
    })
    return record
  }
  events.forEach(withPath)
  events.push = (...records: Recorded[]) =>
    Array.prototype.push.apply(events, records.map(withPath))
}
