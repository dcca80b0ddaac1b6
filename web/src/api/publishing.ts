import { queryOptions } from '@tanstack/solid-query'
import type {
  ApiModelDetail,
  ApiMyModel,
  ApiMyUpload,
  ApiPublishingOptions,
} from '../../../worker/api-types'
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
async function kaggleCall<T extends object>(path: string, body: unknown) {
  const answer = await sendJson<T | { error: string; errorCode: number }>('POST', path, body)
  if ('error' in answer)
    throw new ApiRequestError(answer.errorCode, `HTTP_${answer.errorCode}`, answer.error)
  return answer
}

const create = (path: string, body: unknown) => kaggleCall<Created>(path, body)

export interface NewModel {
  ownerSlug: string
  slug: string
  title: string
  subtitle: string
  description: string
  isPrivate: boolean
}

export const createModel = (model: NewModel) => create('models/create/new', model)

/** What the Edit model form sends: only the fields to change. */
export interface ModelEdit {
  title?: string
  subtitle?: string
  description?: string
  isPrivate?: boolean
  licenseId?: string | null
  tags?: string[]
}

const modelPathOf = (ref: string) => `models/${apiPath(...ref.split('/'))}`

export const editModel = (ref: string, edit: ModelEdit) =>
  sendJson<ApiModelDetail>('PATCH', modelPathOf(ref), edit)

/** Deletes a community model the way Kaggle does: its links answer 404 from then on. */
export const deleteModel = (ref: string) => kaggleCall(`${modelPathOf(ref)}/delete`, {})

/** The kaggle CLI's instance update, with the fields the Edit model page changes. */
export const editVariation = (
  handle: string,
  edit: { overview: string; usage: string; fineTunable: boolean },
) => kaggleCall(`${modelPathOf(handle)}/update`, edit)

export const deleteVariation = (handle: string) => kaggleCall(`${modelPathOf(handle)}/delete`, {})

/** Deletes one version; Kaggle's rule keeps a variation's last one (delete the variation). */
export const deleteVersion = (handle: string, version: number) =>
  kaggleCall(`${modelPathOf(handle)}/${version}/delete`, {})

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
  variation: {
    instanceSlug: string
    framework: string
    overview: string
    usage: string
    fineTunable: boolean
    /** 'owner/model/framework/slug' of the variation this one derives from, or '' */
    baseModelInstance: string
  } & UploadTree,
) => create(`models/${apiPath(...model.split('/'))}/create/instance`, variation)

export const createVersion = (variation: string, version: { versionNotes: string } & UploadTree) =>
  create(`models/${apiPath(...variation.split('/'))}/create/version`, version)

/** Starts the upload of one file (its name is one path segment; folders come at create). */
export const startUpload = (name: string, contentLength: number) =>
  sendJson<{ token: string }>('POST', 'blobs/upload', { type: 'model', name, contentLength })
