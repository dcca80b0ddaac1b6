/** A user's search string as FTS5 MATCH expressions. */
export interface FtsQuery {
  /** every term required: words and "quoted phrases", the last word as a prefix while typing */
  all: string
  /** any term: the fallback when nothing has every term; absent for a single term */
  any?: string
  /** the wanted words as a slug ('universal-sentence-encoder'): models of that name rank higher */
  slug: string
}

const maxTerms = 16
const maxTermLength = 64

// Words that name the same thing in model cards: what people search for ("pose estimation") is
// not always what a card says ("pose detection"). Only whole words are expanded.
const synonymGroups = [
  ['estimation', 'detection'],
  ['estimator', 'detector'],
  ['classifier', 'classification'],
  ['segmenter', 'segmentation'],
  ['embedding', 'embeddings', 'embedder'],
  ['keypoint', 'keypoints', 'landmark', 'landmarks'],
  ['recognition', 'recognizer'],
]
const synonymsOf = new Map(
  synonymGroups.flatMap((group) => group.map((word) => [word, group.filter((w) => w !== word)])),
)

/**
 * Turns any user string into safe FTS5 MATCH expressions. Words are letters and digits of any
 * script; each is quoted, so FTS operators, column filters and stray quotes are plain text.
 * "Double-quoted" words are a phrase; a word after '-' is excluded (when something else is
 * asked for). The last word is a prefix unless the string ends in a space or is a phrase, and
 * only from two letters on (FTS keeps prefix indexes of 2 to 8 characters). A word with
 * synonyms (estimation, detection) matches any of them. Returns undefined
 * when the string has no words. Never produces an FTS syntax error.
 */
export function parseFtsQuery(input: string): FtsQuery | undefined {
  const text = input.normalize('NFKC').toLowerCase()
  const terms: { words: string[]; phrase: boolean; exclude: boolean }[] = []
  // a phrase, or a run of non-space characters with an optional leading '-'
  for (const token of text.matchAll(/(-?)"([^"]*)"?|(-?)(\S+)/g)) {
    const phrase = token[2] !== undefined
    const words = (phrase ? token[2]! : token[4]!)
      .match(/[\p{L}\p{N}]+/gu)
      ?.map((w) => w.slice(0, maxTermLength))
    if (!words?.length) continue
    const exclude = (phrase ? token[1] : token[3]) === '-'
    // a phrase stays one term; "foo-bar" or "a.b" outside quotes is a phrase of its parts too
    terms.push({ words, phrase: phrase || words.length > 1, exclude })
    if (terms.length >= maxTerms) break
  }
  const wanted = terms.filter((t) => !t.exclude)
  if (!wanted.length) return undefined
  const excluded = terms.filter((t) => t.exclude)
  const typing = !/\s$/.test(text)
  const quote = (t: (typeof terms)[number], isLast: boolean) => {
    const body = `"${t.words.join(' ')}"`
    return isLast && typing && !t.phrase && t.words[0]!.length >= 2 ? `${body}*` : body
  }
  // a single word with synonyms matches any of them
  const expand = (t: (typeof terms)[number], quoted: string) => {
    const synonyms = t.phrase ? undefined : synonymsOf.get(t.words[0]!)
    return synonyms ? `(${[quoted, ...synonyms.map((w) => `"${w}"`)].join(' OR ')})` : quoted
  }
  const quoted = wanted.map((t, i) =>
    expand(t, quote(t, t === terms.at(-1) && i === wanted.length - 1)),
  )
  const not = excluded.length ? ` NOT (${excluded.map((t) => quote(t, false)).join(' OR ')})` : ''
  const all = quoted.length > 1 || not ? `(${quoted.join(' AND ')})${not}` : quoted[0]!
  const any = quoted.length > 1 ? `(${quoted.join(' OR ')})${not}` : undefined
  // accents off, as the tokenizer takes them off ('yamnét' finds the model yamnet)
  const slug = wanted
    .flatMap((t) => t.words)
    .join('-')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
  return { all, any, slug }
}
