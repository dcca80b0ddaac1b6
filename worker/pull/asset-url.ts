// Which TF Hub versions are pulled through, and from where.
import type { versions } from '../../db/schema'

type Version = typeof versions.$inferSelect

/** Licences under which Modelport redistributes TF Hub files (docs/tfhub.md, "Licences"). */
const redistributable = new Set(['apache-2.0', 'mit', 'cc0-1.0'])

export const isRedistributable = (licenseId: string | null) =>
  !!licenseId && redistributable.has(licenseId)

/** Where a version's asset can be fetched from, or null when it cannot (no URL in the data). */
export function assetUrl(
  version: Pick<Version, 'assetPath' | 'sourceKind' | 'sourceUrl'>,
  assetOrigin: string,
) {
  const asset = version.assetPath
  if (!asset) return null
  // any other scheme is refused by the URL policy when the fetch runs
  if (/^https?:\/\//.test(asset)) return asset
  if ((asset === 'legacy' || asset === 'internal') && version.sourceUrl) {
    // files Google hosted itself: tfhub.dev's download URLs by handle (tensorflow/hub docs/hosting.md)
    const path = new URL(version.sourceUrl).pathname
    const query = {
      Module: 'tf-hub-format=compressed',
      Tfjs: 'tfjs-format=compressed',
      Lite: 'lite-format=tflite',
      Coral: 'lite-format=tflite',
    }[version.sourceKind ?? '']
    return query ? `${assetOrigin.replace(/\/$/, '')}${path}?${query}` : null
  }
  return null
}
