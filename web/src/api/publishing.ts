import { queryOptions } from '@tanstack/solid-query'
import type { ApiMyModel, ApiMyUpload, ApiPublishingOptions } from '../../../worker/api-types'
import { ApiRequestError, apiPath, getJson, sendJson } from './client'

/** What the signed-in user may publish as and with, their models, and one of their uploads. */
export const publishingQueries = {
  options: () =>
    queryOptions({
      queryKey: ['publishing', 'options'] as const,
      queryFn: ({ signal, client }) =>
        getJson<ApiPublishingOptions>('account/publishing', {}, { signal, client }),
      staleTime: 5 * 60_000,
    }),
  myModels: () =>
    queryOptions({
      queryKey: ['publishing', 'my-models'] as const,
      queryFn: async ({ signal, client }) =>
        (await getJson<{ models: ApiMyModel[] }>('account/models', {}, { signal, client })).models,
    }),
}

export const uploadStatus = (token: string) =>
  getJson<ApiMyUpload>(apiPath('account', 'uploads', token))

interface Created {
  id: number
  ref: string
  url: string
}

/**
 * The create calls answer a refusal as Kaggle's clients expect it, HTTP 200 with `error` and
 * `errorCode` (docs/publishing.md); here it becomes an ApiRequestError like any other.
 */
async function create(path: string, body: unknown) {
  const answer = await sendJson<Created | { error: string; errorCode: number }>('POST', path, body)
  if ('error' in answer)
    throw new ApiRequestError(answer.errorCode, `HTTP_${answer.errorCode}`, answer.error)
  return answer
}

export interface NewModel {
  ownerSlug: string
  slug: string
  title: string
  subtitle: string
  description: string
  isPrivate: boolean
}

export const createModel = (model: NewModel) => create('models/create/new', model)

export const setLabels = (ref: string, labels: { licenseId: string | null; tags: string[] }) =>
  sendJson('PUT', `models/${apiPath(...ref.split('/'))}/labels`, labels)

export interface UploadTree {
  files: { token: string }[]
  directories: {
    name: string
    files: { token: string }[]
    directories: UploadTree['directories']
  }[]
}

export const createVariation = (
  model: string,
  variation: { instanceSlug: string; framework: string; overview: string } & UploadTree,
) => create(`models/${apiPath(...model.split('/'))}/create/instance`, variation)

export const createVersion = (variation: string, version: { versionNotes: string } & UploadTree) =>
  create(`models/${apiPath(...variation.split('/'))}/create/version`, version)

/** Starts the upload of one file (its name is one path segment; folders come at create). */
export const startUpload = (name: string, contentLength: number) =>
  sendJson<{ token: string }>('POST', 'blobs/upload', { type: 'model', name, contentLength })
