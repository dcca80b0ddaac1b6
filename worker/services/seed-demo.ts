import { ApiError } from '../errors'
// Publishes the demo models (real TF.js files bundled in db/seed/demo-models) from a source URL
// that serves that folder. Idempotent: what exists already is kept, what is missing is added.
import { and, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '../../db/client'
import { modelTags, models, owners, tags, variations, versions } from '../../db/schema'
import { reindexModels } from '../search'
import { tagTypes } from '../vocabulary'
import { putBlob } from './blob-store'
import { contentTypeOf, publishVersion } from './publish-version'

const manifestSchema = z.object({
  owner: z.object({
    slug: z.string(),
    displayName: z.string(),
    kind: z.enum(['user', 'organization']),
    aboutMd: z.string(),
  }),
  models: z.array(
    z.object({
      slug: z.string(),
      title: z.string(),
      subtitle: z.string(),
      license: z.string(),
      fineTunable: z.boolean(),
      tags: z.array(z.object({ type: z.enum(tagTypes), slug: z.string(), name: z.string() })),
      card: z.string(),
      variations: z.array(
        z.object({
          framework: z.string(),
          slug: z.string(),
          overview: z.string(),
          versions: z.array(
            z.object({
              number: z.number().int().positive(),
              notes: z.string(),
              files: z.array(
                z.object({
                  path: z.string(),
                  source: z.string(),
                  size: z.number().int().nonnegative(),
                  sha256: z.string().regex(/^[0-9a-f]{64}$/),
                }),
              ),
            }),
          ),
        }),
      ),
    }),
  ),
})

export interface SeedSummary {
  models: number
  versionsPublished: number
  blobsChecked: number
}

export async function seedDemoModels(
  db: Db,
  bucket: R2Bucket,
  sourceUrl: string,
): Promise<SeedSummary> {
  const base = sourceUrl.endsWith('/') ? sourceUrl : `${sourceUrl}/`
  const manifest = manifestSchema.parse(await fetchJson(`${base}manifest.json`))
  const [owner] = await db
    .insert(owners)
    .values({
      slug: manifest.owner.slug,
      kind: manifest.owner.kind,
      displayName: manifest.owner.displayName,
      aboutMd: manifest.owner.aboutMd,
      source: 'local',
    })
    .onConflictDoUpdate({
      target: owners.slug,
      set: { displayName: manifest.owner.displayName, aboutMd: manifest.owner.aboutMd },
    })
    .returning({ id: owners.id })

  const summary: SeedSummary = { models: 0, versionsPublished: 0, blobsChecked: 0 }
  for (const entry of manifest.models) {
    const card = await fetchText(`${base}${entry.card}`)
    const [model] = await db
      .insert(models)
      .values({
        ownerId: owner!.id,
        slug: entry.slug,
        title: entry.title,
        subtitle: entry.subtitle,
        cardMd: card,
        licenseId: entry.license,
        fineTunable: entry.fineTunable,
        provenance: 'community',
      })
      .onConflictDoUpdate({
        target: [models.ownerId, models.slug],
        set: {
          title: entry.title,
          subtitle: entry.subtitle,
          cardMd: card,
          licenseId: entry.license,
          fineTunable: entry.fineTunable,
        },
      })
      .returning({ id: models.id })
    const modelId = model!.id
    summary.models++

    for (const tag of entry.tags) {
      await db.insert(tags).values(tag).onConflictDoNothing()
      const [row] = await db
        .select({ id: tags.id })
        .from(tags)
        .where(and(eq(tags.type, tag.type), eq(tags.slug, tag.slug)))
      await db.insert(modelTags).values({ modelId, tagId: row!.id }).onConflictDoNothing()
    }

    for (const v of entry.variations) {
      const [variation] = await db
        .insert(variations)
        .values({
          modelId,
          framework: v.framework,
          slug: v.slug,
          overview: v.overview,
          fineTunable: entry.fineTunable,
        })
        .onConflictDoUpdate({
          target: [variations.modelId, variations.framework, variations.slug],
          set: { overview: v.overview },
        })
        .returning({ id: variations.id })
      for (const version of v.versions) {
        const [existing] = await db
          .select({ status: versions.status })
          .from(versions)
          .where(and(eq(versions.variationId, variation!.id), eq(versions.number, version.number)))
        if (existing?.status === 'ready') continue
        const files = []
        for (const file of version.files) {
          const blob = await putBlob(bucket, file.sha256, file.size, async () => {
            const response = await fetch(`${base}${file.source}`)
            if (!response.ok)
              throw new ApiError(
                'BAD_GATEWAY',
                `demo seed failed: demo file ${file.source}: upstream answered ${response.status}`,
              )
            return response.body
          })
          summary.blobsChecked++
          files.push({
            path: file.path,
            size: blob.size,
            sha256: blob.sha256,
            md5: blob.md5,
            contentType: contentTypeOf(file.path),
            r2Key: blob.key,
          })
        }
        await publishVersion(db, bucket, {
          variationId: variation!.id,
          number: version.number,
          notes: version.notes,
          files,
        })
        summary.versionsPublished++
      }
    }
    await reindexModels(db, [modelId])
  }
  return summary
}

async function fetchJson(url: string): Promise<unknown> {
  return JSON.parse(await fetchText(url))
}

async function fetchText(url: string) {
  const response = await fetch(url)
  if (!response.ok)
    throw new ApiError('BAD_GATEWAY', `demo seed failed: ${url} answered ${response.status}`)
  return response.text()
}
