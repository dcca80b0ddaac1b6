// A TF Hub model's display title. TF Hub names models by handle only (`movenet`,
// `ssdlite_mobilenet_v2`, `mosaic/mobilenetmultiavgseg`), so the title is made from the name's
// words, each written the way the model's own card writes it ("MoveNet", "YAMNet", "BERT"), else
// the way the rest of the catalog does, else capitalised.

// words cards write inconsistently, or never as one word
const fixedSpellings: Record<string, string> = {
  tfjs: 'TF.js',
  tflite: 'TFLite',
  tf1: 'TF1',
  tf2: 'TF2',
  tf: 'TF',
  tpu: 'TPU',
  gpu: 'GPU',
}

const wordPattern = /[\p{L}\p{N}]+/gu
// links, code and identifiers (ssd_mobilenet_v1, google/movenet) name things in lower case;
// only prose says how a name is written
const notProse = /```[\s\S]*?```|`[^`\n]*`|\]\([^)]*\)|<[^>]*>|\S*[_/]\S*/g

interface WordUse {
  /** the most frequent spelling with capitals inside the word: MoveNet, XCiT */
  mixed?: string
  mixedCount: number
  /** an all-capitals spelling: BERT, SSD */
  upper?: string
  upperCount: number
  lowerCount: number
}

export type Spellings = Map<string, WordUse>

/** How `texts` write each word, by its lower-case form. */
export function capitalisedSpellings(texts: string[]): Spellings {
  const counts = new Map<string, Map<string, number>>()
  for (const text of texts)
    for (const [bare] of text.replace(notProse, ' ').matchAll(wordPattern)) {
      const key = bare.toLowerCase()
      const spellings = counts.get(key) ?? new Map<string, number>()
      spellings.set(bare, (spellings.get(bare) ?? 0) + 1)
      counts.set(key, spellings)
    }
  const uses: Spellings = new Map()
  for (const [key, spellings] of counts) {
    const use: WordUse = { mixedCount: 0, upperCount: 0, lowerCount: spellings.get(key) ?? 0 }
    for (const [spelling, count] of spellings) {
      const rest = spelling.slice(1)
      if (spelling === key || rest === rest.toLowerCase()) continue
      if (spelling === spelling.toUpperCase()) {
        if (count > use.upperCount) Object.assign(use, { upper: spelling, upperCount: count })
      } else if (count > use.mixedCount) Object.assign(use, { mixed: spelling, mixedCount: count })
    }
    uses.set(key, use)
  }
  return uses
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)

// capitals all through count when they are more common than the word in lower case (BERT),
// not when a heading shouts a plain word (DISEASE, ADVERSARIAL); acronyms are short
const upperOf = (use: WordUse | undefined) =>
  use?.upper && use.upper.length <= 6 && use.upperCount > use.lowerCount ? use.upper : undefined

/**
 * The title for a model named `name` whose card (description, body) is `texts`; a word its card
 * never writes with capitals is written as the rest of the catalog writes it (`catalog`).
 */
export function displayTitle(name: string, texts: string[], catalog: Spellings = new Map()) {
  const own = capitalisedSpellings(texts)
  const words = name
    .split(/[\s/_-]+/)
    .filter(Boolean)
    .map((word) => {
      const key = word.toLowerCase()
      if (fixedSpellings[key]) return fixedSpellings[key]
      if (/^v\d+$/.test(key)) return key.toUpperCase()
      const mine = own.get(key)
      const theirs = catalog.get(key)
      return mine?.mixed ?? theirs?.mixed ?? upperOf(mine) ?? upperOf(theirs) ?? capitalise(word)
    })
  return words.join(' ') || name
}
