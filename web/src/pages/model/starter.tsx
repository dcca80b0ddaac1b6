import type { ApiModelFile, ApiModelVersion } from '../../../../worker/api-types'
import type { VariationRef } from '../../api/models'
import { StarterCode } from '../../components/starter-code'
import { useSiteOrigin } from '../../lib/site-origin'

/** The starter code for one version, against this site's origin. */
export function Starter(props: {
  handle: string
  variation: VariationRef
  version: ApiModelVersion
  files: ApiModelFile[]
}) {
  const origin = useSiteOrigin()
  return (
    <StarterCode
      input={{
        origin,
        handle: props.handle,
        framework: props.variation.framework,
        version: props.version.versionNumber,
        files: props.files,
        source: props.version.source,
      }}
    />
  )
}
