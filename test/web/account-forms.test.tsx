import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import { retryAfterWords, usernameProblem } from '../../web/src/lib/account-rules'
import { safeReturnTo } from '../../web/src/lib/return-to'
import { errorResponse, fakeApi } from './fake-api'
import { renderApp } from './render'

const me = { username: 'ada', displayName: 'Ada', email: 'ada@example.com', isAdmin: false }

const fill = async (label: string, value: string) =>
  fireEvent.input(await screen.findByLabelText(label), { target: { value } })

describe('safeReturnTo', () => {
  it('keeps same-site paths and sends everything else home', () => {
    expect(safeReturnTo('/models/demo/movenet?tab=discussion')).toBe(
      '/models/demo/movenet?tab=discussion',
    )
    expect(safeReturnTo('/account')).toBe('/account')
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '',
      undefined,
    ])
      expect(safeReturnTo(bad)).toBe('/')
  })
})

describe('account rules as hints', () => {
  it('follow the server rules for usernames and say a wait in words', () => {
    expect(usernameProblem('ada')).toBeUndefined()
    expect(usernameProblem('my-name2')).toBeUndefined()
    expect(usernameProblem('ab')).toMatch(/at least 3/)
    expect(usernameProblem('a'.repeat(21))).toMatch(/at most 20/)
    for (const bad of ['1abc', 'ab--c', 'abc-', 'ab_c']) expect(usernameProblem(bad)).toBeTruthy()
    expect(retryAfterWords(1)).toBe('Try again in 1 second.')
    expect(retryAfterWords(300)).toBe('Try again in 5 minutes.')
    expect(retryAfterWords(7200)).toBe('Try again in 2 hours.')
  })
})

describe('sign in', () => {
  it('tells a 429 in words', async () => {
    fakeApi({
      'auth/session': { user: null },
      'auth/signin': () => {
        const res = errorResponse(429, 'TOO_MANY_REQUESTS', 'too many sign-in attempts')
        res.headers.set('retry-after', '300')
        return res
      },
    })
    renderApp('/signin')
    await fill('Username or email', 'ada')
    await fill('Password', 'whatever-it-is')
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Too many attempts. Try again in 5 minutes.')).toBeTruthy()
  })

  it('signs in by email and goes to a same-site returnTo, never another site', async () => {
    let signedIn = false
    const fetchMock = fakeApi({
      'auth/session': () => ({ user: signedIn ? me : null }),
      'auth/signin': () => {
        signedIn = true
        return me
      },
    })
    const { history } = renderApp('/signin?returnTo=%2F%2Fevil.example')
    await fill('Username or email', ' Ada@Example.com ')
    await fill('Password', 'correct horse')
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(history.get()).toBe('/'))
    const call = fetchMock.mock.calls.find(([url]) => String(url).endsWith('auth/signin'))
    expect(JSON.parse(String(call?.[1]?.body))).toEqual({
      email: 'Ada@Example.com',
      password: 'correct horse',
    })
  })

  it('offers the single sign-on provider and shows its error', async () => {
    fakeApi({ 'auth/session': { user: null }, 'auth/oidc': { name: 'Example <SSO>' } })
    renderApp('/signin?returnTo=%2Faccount&error=access%20was%20denied')
    const link = await screen.findByRole('link', { name: 'Sign in with Example <SSO>' })
    expect(link.getAttribute('href')).toBe('/api/v1/auth/oidc/start?returnTo=%2Faccount')
    expect(screen.getByText('Single sign-on failed: access was denied')).toBeTruthy()
  })
})

describe('sign up', () => {
  it('checks the rules before sending and focuses the first problem', async () => {
    const fetchMock = fakeApi({ 'auth/session': { user: null } })
    renderApp('/signup')
    await fill('Username', 'Ab')
    await fill('Email', 'ada@example.com')
    await fill('Password', 'short')
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByText('Username must be at least 3 characters.')).toBeTruthy()
    expect(screen.getByText('Password must be at least 10 characters.')).toBeTruthy()
    await waitFor(() => expect(document.activeElement?.getAttribute('name')).toBe('username'))
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('auth/signup'))).toBe(false)
  })

  it("shows the server's 409 message and its 400 field issues", async () => {
    let answer = errorResponse(409, 'CONFLICT', 'username ada is taken')
    fakeApi({ 'auth/session': { user: null }, 'auth/signup': () => answer })
    renderApp('/signup')
    await fill('Username', 'ada')
    await fill('Email', 'ada@example.com')
    await fill('Password', 'long enough password')
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByText('Username ada is taken')).toBeTruthy()

    answer = Response.json(
      {
        code: 400,
        message: 'invalid request body',
        error: {
          code: 'BAD_REQUEST',
          message: 'invalid request body',
          issues: [{ path: 'email', message: 'is not an email address' }],
        },
      },
      { status: 400 },
    )
    fireEvent.click(await screen.findByRole('button', { name: 'Create account' }))
    expect(await screen.findByText('email is not an email address')).toBeTruthy()
    await waitFor(() => expect(document.activeElement?.getAttribute('name')).toBe('email'))
  })
})

describe('public profile', () => {
  it('renders hostile names as text, the avatar from the site, and a real 404', async () => {
    fakeApi({
      'auth/session': { user: null },
      'users/eve': {
        username: 'eve',
        displayName: '<img src=x onerror=alert(1)>',
        imageUrl: '/api/v1/avatars/abc.png',
        about: '',
        createTime: '2026-01-02T00:00:00.000Z',
        topics: [
          {
            id: 7,
            title: '<script>alert(1)</script>',
            model: { ownerSlug: 'demo', modelSlug: 'movenet' },
            createTime: '2026-01-03T00:00:00.000Z',
          },
        ],
        replies: [],
      },
    })
    const { container } = renderApp('/users/eve')
    expect(
      await screen.findByRole('heading', { level: 1, name: '<img src=x onerror=alert(1)>' }),
    ).toBeTruthy()
    expect(container.querySelector('img[src="x"]')).toBeNull()
    expect(container.querySelector('script')).toBeNull()
    expect(container.querySelector('.owner-avatar img')?.getAttribute('src')).toMatch(
      /^http:\/\/[^/]+\/api\/v1\/avatars\/abc\.png$/,
    )
    const topic = screen.getByRole('link', { name: '<script>alert(1)</script>' })
    expect(topic.getAttribute('href')).toBe('/models/demo/movenet/discussion/7')
    expect(screen.getByRole('link', { name: 'demo/movenet' }).getAttribute('href')).toBe(
      '/models/demo/movenet',
    )
  })

  it('says when there is no such user', async () => {
    fakeApi({ 'auth/session': { user: null } })
    renderApp('/users/nobody')
    expect(await screen.findByRole('heading', { name: 'User not found' })).toBeTruthy()
  })
})

describe('account page', () => {
  it('sends a signed-out visitor to sign in, and comes back', async () => {
    fakeApi({ 'auth/session': { user: null } })
    const { history } = renderApp('/account')
    await waitFor(() => expect(history.get()).toBe('/signin?returnTo=%2Faccount'))
  })

  it('refuses an avatar that is too big or not an image before sending it', async () => {
    const fetchMock = fakeApi({
      'auth/session': { user: me },
      'users/ada': {
        ...me,
        about: '',
        createTime: '2026-01-02T00:00:00.000Z',
        topics: [],
        replies: [],
      },
      'account/tokens': { tokens: [] },
      'account/sessions': { sessions: [] },
    })
    renderApp('/account')
    const input = (await screen.findByLabelText('Upload avatar')) as HTMLInputElement
    const big = new File([new Uint8Array(600 * 1024)], 'big.png', { type: 'image/png' })
    fireEvent.change(input, { target: { files: [big] } })
    expect(await screen.findByText('The avatar must be at most 512 KiB.')).toBeTruthy()
    const svg = new File(['<svg/>'], 'x.svg', { type: 'image/svg+xml' })
    fireEvent.change(input, { target: { files: [svg] } })
    expect(
      await screen.findByText('The avatar must be a PNG, JPEG, GIF or WebP image.'),
    ).toBeTruthy()
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('account/avatar'))).toBe(false)
  })
})

const profile = {
  ...me,
  about: '',
  createTime: '2026-01-02T00:00:00.000Z',
  topics: [],
  replies: [],
}

describe('a session that ends elsewhere', () => {
  it('shows the visitor signed out after a write is refused with 401, and sends them to sign in', async () => {
    let revoked = false
    fakeApi({
      'auth/session': () => ({ user: revoked ? null : me }),
      'users/ada': profile,
      'account/tokens': { tokens: [] },
      'account/sessions': { sessions: [] },
      'account/legacy-key': () => errorResponse(401, 'UNAUTHORIZED', 'sign in first'),
    })
    const { history } = renderApp('/account')
    const account = await screen.findByRole('navigation', { name: 'Account' })
    await waitFor(() =>
      expect(account.querySelector('a[href="/account"]')?.textContent).toBe('AAda'),
    )
    // another device signed this one out; the page does not know until its next request
    revoked = true
    fireEvent.click(await screen.findByRole('button', { name: 'Create legacy API key' }))
    await waitFor(() => expect(history.get()).toBe('/signin?returnTo=%2Faccount'))
    expect(await screen.findByRole('link', { name: 'Sign in' })).toBeTruthy()
  })

  it('leaves a signed-out visitor alone on a 401 (a wrong password is not a session ending)', async () => {
    const fetchMock = fakeApi({
      'auth/session': { user: null },
      'auth/signin': () => errorResponse(401, 'UNAUTHORIZED', 'wrong username, email or password'),
    })
    renderApp('/signin')
    await fill('Username or email', 'ada')
    await fill('Password', 'not the password')
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Wrong username, email or password')).toBeTruthy()
    const sessionAsks = fetchMock.mock.calls.filter(([u]) => String(u).endsWith('auth/session'))
    expect(sessionAsks).toHaveLength(1)
  })
})

describe('signing out', () => {
  it('from the account page (the header has no "Sign out" on phones) goes home signed out', async () => {
    let signedIn = true
    const fetchMock = fakeApi({
      'auth/session': () => ({ user: signedIn ? me : null }),
      'users/ada': profile,
      'account/tokens': { tokens: [] },
      'account/sessions': { sessions: [] },
      'auth/signout': () => {
        signedIn = false
        return new Response(null, { status: 204 })
      },
    })
    const { history } = renderApp('/account')
    const summary = (await screen.findByText(/^Signed in as/)).parentElement!
    fireEvent.click(within(summary).getByRole('button', { name: 'Sign out' }))
    await waitFor(() => expect(history.get()).toBe('/'))
    expect(await screen.findByRole('link', { name: 'Sign in' })).toBeTruthy()
    const sent = fetchMock.mock.calls.find(([u]) => String(u).endsWith('auth/signout'))
    expect(sent?.[1]?.method).toBe('POST')
  })
})

describe('session list', () => {
  it('puts this device first, with "Sign out"; the others have "Revoke"', async () => {
    const session = (id: string, current: boolean) => ({
      id,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36',
      createTime: '2026-01-02T00:00:00.000Z',
      lastSeenTime: '2026-01-03T00:00:00.000Z',
      expireTime: '2026-02-02T00:00:00.000Z',
      current,
    })
    fakeApi({
      'auth/session': { user: me },
      'users/ada': profile,
      'account/tokens': { tokens: [] },
      'account/sessions': { sessions: [session('s2', false), session('s1', true)] },
    })
    renderApp('/account')
    const list = await screen.findByRole('list', { name: 'Active sessions' })
    const rows = within(list).getAllByRole('listitem')
    expect(rows).toHaveLength(2)
    expect(within(rows[0]!).getByText('This device')).toBeTruthy()
    expect(within(rows[0]!).getByRole('button', { name: 'Sign out' })).toBeTruthy()
    expect(within(rows[1]!).getByRole('button', { name: 'Revoke' })).toBeTruthy()
    expect(rows[1]!.textContent).toMatch(/^Chrome on Linux/)
  })
})
