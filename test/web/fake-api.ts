import { vi } from 'vitest'

type Answer = unknown | ((url: URL) => Response | unknown)

/**
 * Stubs global fetch with answers keyed by API path ('models/demo/blazeface/get').
 * Objects are sent as 200 JSON, functions may build their own Response; any other path is a 404
 * in the API's error envelope. Returns the mock, so tests can read the requested URLs.
 */
const sessionPath = 'auth/session'

export function fakeApi(answers: Record<string, Answer>) {
  // `init` is unused here, but typed so that tests can read the headers a request was sent with
  const fetchMock = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
    const url = new URL(String(input), 'http://modelport.test')
    const path = url.pathname.replace(/^\/api\/v1\//, '')
    // the header's account menu asks who is signed in on every page: signed out unless a test says
    const answer =
      answers[decodeURIComponent(path)] ?? (path === sessionPath ? { user: null } : undefined)
    if (answer === undefined) return errorResponse(404, 'NOT_FOUND', `no route ${path}`)
    const body = typeof answer === 'function' ? answer(url) : answer
    return body instanceof Response ? body : Response.json(body)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

export function errorResponse(status: number, code: string, message: string) {
  return Response.json({ code: status, message, error: { code, message } }, { status })
}

/** The URLs the app fetched, as URL objects, leaving out the header's session request. */
export function requestedUrls(fetchMock: ReturnType<typeof fakeApi>) {
  return fetchMock.mock.calls
    .map(([input]) => new URL(String(input), 'http://modelport.test'))
    .filter((url) => url.pathname !== `/api/v1/${sessionPath}`)
}
