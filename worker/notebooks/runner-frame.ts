// The notebook runner's frame (docs/notebooks.md, "Trust"): a page the notebook viewer loads in
// an <iframe sandbox="allow-scripts">, so that it, and the worker it starts, have an opaque origin.
// A cell then runs with no cookie, no storage and no same-origin API of this site: whoever presses
// Run lends it nothing. The CSP repeats the sandbox, so the frame is opaque even when opened
// directly, and allows eval (cells are compiled with AsyncFunction) only here.

/**
 * The frame's script. It takes messages from its parent only when they come from the site's
 * origin (`home`), starts the runner's module (a built chunk under /assets/runner/, fetched by
 * CORS) in a worker whose own URL is a data: URL, as a document with an opaque origin can start
 * no worker from a URL of the site, and relays messages both ways. What the parent is told is
 * posted to the site's origin only.
 */
const frameScript = (home: string) => `(function () {
  'use strict'
  var home = ${JSON.stringify(home)}
  var runnerPath = /^\\/assets\\/runner\\/[\\w.-]+\\.js$/
  var worker = null
  function tell(message) { parent.postMessage(message, home) }
  function start(url) {
    var runner
    try { runner = new URL(url) } catch (e) { runner = null }
    if (!runner || runner.origin !== home || !runnerPath.test(runner.pathname) || runner.search) {
      tell({ type: 'failed', message: 'not a notebook runner: ' + String(url).slice(0, 200) })
      return
    }
    var boot = 'import ' + JSON.stringify(runner.href) + ';'
    worker = new Worker('data:text/javascript,' + encodeURIComponent(boot), {
      type: 'module',
      name: 'notebook-runner',
    })
    worker.onmessage = function (event) { tell(event.data) }
    worker.onerror = function (event) {
      event.preventDefault()
      tell({ type: 'failed', message: event.message || 'the notebook runner could not start' })
    }
  }
  addEventListener('message', function (event) {
    if (event.source !== parent || event.origin !== home) return
    var message = event.data
    if (!message || typeof message !== 'object') return
    if (message.type === 'start' && !worker) start(message.runnerUrl)
    else if (message.type === 'run' && worker) worker.postMessage(message)
  })
  tell({ type: 'ready' })
})()
`

/** The frame's document and headers for a site at `home` (an origin, as `new URL().origin`). */
export function runnerFrame(home: string, nonce: string) {
  const csp = [
    'sandbox allow-scripts',
    "default-src 'none'",
    // the frame's own script by nonce, and eval for the cells (the worker has this policy too)
    `script-src 'nonce-${nonce}' 'unsafe-eval'`,
    // the worker's data: URL, and the runner's chunk it imports (a module worker's imports are
    // fetched as worker scripts)
    `worker-src data: ${home}/assets/runner/`,
    // a cell reaches the site's public files and API reads (CORS, without credentials)
    `connect-src ${home}`,
    'img-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${home}`,
  ].join('; ')
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Notebook runner</title>
<script nonce="${nonce}">${frameScript(home)}</script>
</head>
<body></body>
</html>
`
  return {
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
  }
}
