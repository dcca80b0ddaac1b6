import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, it } from 'vitest'
import type {
  ApiHostedNotebook,
  ApiHostedNotebookDetail,
  ListModelNotebooksResponse,
} from '../../worker/api-types'
import { fakeApi, requestedUrls } from './fake-api'
import { makeInstance, makeModel, makeVersion } from './fixtures'
import { renderApp } from './render'

const me = {
  user: { username: 'ada', displayName: 'Ada', email: 'ada@example.test', isAdmin: false },
}
const model = makeModel({
  ownerSlug: 'google',
  slug: 'movenet',
  title: 'MoveNet',
  notebookCount: 3,
  instances: [makeInstance()],
})

function notebook(overrides: Partial<ApiHostedNotebook> = {}): ApiHostedNotebook {
  return {
    owner: 'ada',
    ownerName: 'Ada',
    slug: 'pose',
    title: 'Pose estimation',
    language: 'javascript',
    isPrivate: false,
    voteCount: 4,
    hasVoted: false,
    forkCount: 1,
    latestVersion: 2,
    forkedFrom: null,
    createTime: '2026-12-01T00:00:00.000Z',
    updateTime: '2026-12-02T00:00:00.000Z',
    url: 'http://modelport.test/notebooks/ada/pose',
    ...overrides,
  }
}

function detail(overrides: Partial<ApiHostedNotebookDetail> = {}): ApiHostedNotebookDetail {
  return {
    ...notebook(),
    version: {
      number: 2,
      sizeBytes: 2048,
      cellCount: 2,
      sha256: 'ab'.repeat(32),
      createTime: '2026-12-02T00:00:00.000Z',
      downloadUrl: 'http://modelport.test/api/v1/notebooks/ada/pose/versions/2/ipynb',
    },
    inputs: [
      {
        owner: 'google',
        model: 'movenet',
        framework: 'tfJs',
        variation: 'default',
        modelTitle: 'MoveNet',
        version: 1,
        handle: 'google/movenet/tfJs/default/1',
        url: 'http://modelport.test/models/google/movenet',
      },
    ],
    canEdit: false,
    ...overrides,
  }
}

const ipynb = {
  nbformat: 4,
  cells: [
    { cell_type: 'markdown', source: '# Pose estimation' },
    { cell_type: 'code', source: 'const model = await tf.loadGraphModel(url)', outputs: [] },
  ],
}

describe('the Notebooks tab', () => {
  it('lists hosted notebooks (titles as text) and links, and sorts on request', async () => {
    const list: ListModelNotebooksResponse = {
      notebooks: [notebook(), notebook({ slug: 'xss', title: '<img src=x onerror=alert(1)>' })],
      links: [{ id: 1, title: 'Colab', url: 'https://colab.example/1', source: 'tfhub' }],
    }
    const fetchMock = fakeApi({
      'models/google/movenet/get': model,
      'notebooks/models/google/movenet': list,
    })
    renderApp('/models/google/movenet?tab=notebooks')
    const hosted = await screen.findByRole('list', { name: 'Notebooks on Modelport' })
    expect(within(hosted).getByRole('link', { name: 'Pose estimation' }).getAttribute('href')).toBe(
      '/notebooks/ada/pose',
    )
    expect(within(hosted).getByText('<img src=x onerror=alert(1)>')).toBeTruthy()
    expect(document.querySelector('[onerror]')).toBeNull()
    expect(screen.getByRole('link', { name: 'Colab' })).toBeTruthy()
    expect(screen.getByRole('link', { name: /^Notebooks/ }).textContent).toContain('3')

    fireEvent.change(screen.getByRole('combobox', { name: 'Sort notebooks' }), {
      target: { value: 'recent' },
    })
    await waitFor(() =>
      expect(
        requestedUrls(fetchMock).some(
          (u) =>
            u.pathname === '/api/v1/notebooks/models/google/movenet' &&
            u.searchParams.get('sort') === 'recent',
        ),
      ).toBe(true),
    )
  })
})

describe('New notebook', () => {
  it('creates a notebook for the selected version and opens it', async () => {
    const sent: unknown[] = []
    fakeApi({
      'auth/session': me,
      'models/google/movenet/get': model,
      'models/google/movenet/tfJs/default/versions': { versions: [makeVersion()] },
      notebooks: detail({ slug: 'movenet-notebook' }),
      'notebooks/ada/movenet-notebook': detail({ slug: 'movenet-notebook' }),
      'notebooks/ada/movenet-notebook/versions/2/ipynb': ipynb,
    })
    const original = globalThis.fetch
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'POST') sent.push(JSON.parse(String(init.body)))
      return original(input, init)
    }) as typeof fetch
    const { history } = renderApp('/models/google/movenet/tfJs/default')
    fireEvent.click(await screen.findByRole('button', { name: 'New notebook' }))
    await waitFor(() => expect(history.get()).toBe('/notebooks/ada/movenet-notebook'))
    expect(sent).toEqual([
      {
        title: 'MoveNet notebook',
        input: {
          owner: 'google',
          model: 'movenet',
          framework: 'tfJs',
          variation: 'default',
          version: 1,
        },
      },
    ])
  })

  it('is a sign-in link when signed out', async () => {
    fakeApi({
      'models/google/movenet/get': model,
      'models/google/movenet/tfJs/default/versions': { versions: [makeVersion()] },
    })
    renderApp('/models/google/movenet/tfJs/default')
    const link = await screen.findByRole('link', { name: 'New notebook' })
    expect(link.getAttribute('href')).toMatch(/^\/signin\?returnTo=/)
  })
})

describe('the notebook page', () => {
  it('shows the notebook, its Input panel and a download link', async () => {
    fakeApi({
      'notebooks/ada/pose': detail(),
      'notebooks/ada/pose/versions/2/ipynb': ipynb,
    })
    renderApp('/notebooks/ada/pose')
    await screen.findByRole('heading', { level: 1, name: 'Pose estimation' })
    const input = screen.getByRole('complementary', { name: 'Input' })
    expect(within(input).getByRole('link', { name: 'MoveNet' }).getAttribute('href')).toBe(
      '/models/google/movenet/tfJs/default/1',
    )
    expect(screen.getByRole('link', { name: 'Download .ipynb' }).getAttribute('href')).toBe(
      '/api/v1/notebooks/ada/pose/versions/2/ipynb',
    )
    expect((await screen.findByText('const model = await tf.loadGraphModel(url)')).tagName).toBe(
      'CODE',
    )
  })

  it('says not found for an unknown or private notebook', async () => {
    fakeApi({})
    renderApp('/notebooks/ada/secret')
    await screen.findByRole('heading', { name: 'Notebook not found' })
  })
})
