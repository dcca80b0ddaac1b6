import type {
  ApiModel,
  ApiModelFile,
  ApiModelInstance,
  ApiModelVersion,
} from '../../worker/api-types'

export function makeModel(overrides: Partial<ApiModel> = {}): ApiModel {
  const ownerSlug = overrides.ownerSlug ?? 'demo'
  const slug = overrides.slug ?? 'blazeface'
  return {
    id: 1,
    ref: `${ownerSlug}/${slug}`,
    ownerSlug,
    slug,
    title: 'BlazeFace',
    subtitle: 'Lightweight face detector for the browser.',
    author: 'Demo Org',
    isPrivate: false,
    description: '# BlazeFace\n\nDetects faces.',
    url: `/models/${ownerSlug}/${slug}`,
    createTime: '2024-01-02T03:04:05Z',
    updateTime: '2024-06-01T00:00:00Z',
    voteCount: 12,
    downloadCount: 3456,
    notebookCount: 0,
    discussionCount: 0,
    licenseName: 'Apache 2.0',
    license: {
      id: 'apache-2.0',
      name: 'Apache 2.0',
      spdx: 'Apache-2.0',
      source: 'explicit',
      label: 'Apache-2.0',
      commercialUse: true,
      modification: true,
      distribution: true,
      attributionRequired: true,
      shareAlike: false,
      patentGrant: true,
    },
    provenance: 'community',
    tags: [
      { ref: 'task/face-detection', type: 'task', slug: 'face-detection', name: 'Face detection' },
    ],
    frameworks: ['MODEL_FRAMEWORK_TF_JS'],
    ...overrides,
  }
}

export function makeInstance(overrides: Partial<ApiModelInstance> = {}): ApiModelInstance {
  const frameworkSlug = overrides.frameworkSlug ?? 'tfJs'
  const slug = overrides.slug ?? 'default'
  return {
    id: Math.floor(Math.random() * 1e9),
    slug,
    framework: 'MODEL_FRAMEWORK_TF_JS',
    frameworkSlug,
    overview: '',
    usage: '',
    versionNumber: 1,
    versionId: 1,
    versionCount: 1,
    downloadCount: 0,
    url: '',
    handle: `demo/blazeface/${frameworkSlug}/${slug}`,
    totalUncompressedBytes: 0,
    modelInstanceType: 'MODEL_INSTANCE_TYPE_BASE_MODEL',
    ...overrides,
  }
}

export function makeVersion(overrides: Partial<ApiModelVersion> = {}): ApiModelVersion {
  return {
    id: Math.floor(Math.random() * 1e9),
    versionNumber: 1,
    notes: '',
    status: 'ready',
    createTime: '2024-01-02T03:04:05Z',
    fileCount: 0,
    totalBytes: 0,
    url: '',
    ...overrides,
  }
}

export function makeFile(overrides: Partial<ApiModelFile> = {}): ApiModelFile {
  const name = overrides.name ?? 'model.json'
  return {
    name,
    size: 1234,
    sha256: 'df8cbde44d00f533ccc4916a7c6ebc17316532fb3fadad114ec667fef22872e9',
    contentType: 'application/json',
    creationDate: '2024-01-02T03:04:05Z',
    url: `/api/v1/models/demo/blazeface/tfJs/default/1/download/${name}`,
    ...overrides,
  }
}
