// Parses one tfhub.dev catalog file the way upstream's validator reads it (docs/tfhub.md, "File kinds" and "Parsing").
// Lenient: anything upstream accepted parses; rule breaks become `flags`, not errors.

const tfhubKinds = [
  'Publisher',
  'Collection',
  'Module',
  'Placeholder',
  'Tfjs',
  'Lite',
  'Coral',
] as const
type TfhubKind = (typeof tfhubKinds)[number]

export interface ParsedFile {
  /** upstream path, e.g. assets/docs/google/models/yamnet/1.md */
  path: string
  kind: TfhubKind
  /** '<pub>' for publishers, '<pub>/<name>/<v>' otherwise */
  handle: string
  publisher: string
  name: string | null
  version: number | null
  /** the description block joined with spaces; a publisher's display name */
  description: string
  /** tag key → values, deduplicated, in first-seen order */
  tags: Record<string, string[]>
  iconUrl: string | null
  body: string
  bodyStartLine: number | null
  /** quality flags: rules upstream's CI would reject today, kept for display and review */
  flags: string[]
}

class TfhubParseError extends Error {}

const headerPatterns: [TfhubKind, RegExp][] = [
  ['Publisher', /^# Publisher ([a-z\d-]+)$/],
  ['Collection', /^# Collection ([a-z\d-]+)\/((?:\w|-|\/|&|;|\.)+)\/(\d+)$/],
  ['Module', /^# Module ([a-z\d-]+)\/([\w.-]+(?:\/[\w.-]+)*)\/(\d+)$/],
  ['Placeholder', /^# Placeholder ([a-z\d-]+)\/([\w.-]+(?:\/[\w.-]+)*)\/(\d+)$/],
  ['Tfjs', /^# Tfjs ([a-z\d-]+)\/([\w.-]+(?:\/[\w.-]+)*)\/(\d+)$/],
  ['Lite', /^# Lite ([a-z\d-]+)\/([\w.-]+(?:\/[\w.-]+)*)\/(\d+)$/],
  ['Coral', /^# Coral ([a-z\d-]+)\/([\w.-]+(?:\/[\w.-]+)*)\/(\d+)$/],
]

const tagLine = /^<!--(?<key>[\w\s-]+):(?<value>.+)-->$/
const iconLine = /^\[!\[Icon URL\]\]\((?<url>[^)]*)\)/

const requiredTags: Partial<Record<TfhubKind, string[]>> = {
  Collection: ['task'],
  Module: ['asset-path', 'task', 'fine-tunable', 'format'],
  Placeholder: ['task'],
  Tfjs: ['asset-path', 'parent-model'],
  Lite: ['asset-path', 'parent-model'],
  Coral: ['asset-path', 'parent-model'],
}

export function parseTfhubFile(path: string, text: string): ParsedFile {
  const lines = text.split('\n')
  const first = (lines[0] ?? '').replaceAll('&zwnj;', '')
  let kind: TfhubKind | undefined
  let match: RegExpMatchArray | null = null
  for (const [k, pattern] of headerPatterns) {
    match = first.match(pattern)
    if (match) {
      kind = k
      break
    }
  }
  if (!kind || !match)
    throw new TfhubParseError(
      `line 1 is not a TF Hub header: ${JSON.stringify(first.slice(0, 120))}`,
    )

  const publisher = match[1]!
  const name = kind === 'Publisher' ? null : match[2]!
  const version = kind === 'Publisher' ? null : Number(match[3])
  const handle = kind === 'Publisher' ? publisher : `${publisher}/${name}/${version}`

  let i = 1
  if (lines[i] === '') i++
  const descriptionLines: string[] = []
  while (i < lines.length && lines[i] !== '' && !lines[i]!.startsWith('<!--')) {
    descriptionLines.push(lines[i]!.trim())
    i++
  }
  const description = descriptionLines.join(' ').trim()
  if (!description) throw new TfhubParseError('empty description')

  const flags: string[] = []
  const tags: Record<string, string[]> = {}
  let iconUrl: string | null = null
  while (i < lines.length && !lines[i]!.startsWith('#')) {
    const line = lines[i]!.trim()
    i++
    if (!line) continue
    const tag = line.match(tagLine)
    if (tag?.groups) {
      const key = tag.groups.key!.trim()
      const value = tag.groups.value!.trim()
      const values = (tags[key] ??= [])
      if (!values.includes(value)) values.push(value)
      continue
    }
    const icon = line.match(iconLine)
    if (icon?.groups) {
      iconUrl = icon.groups.url!.trim() || null
      continue
    }
    flags.push(`unexpected line in metadata: ${line.slice(0, 80)}`)
  }
  const bodyStartLine = i < lines.length ? i + 1 : null
  const body = bodyStartLine === null ? '' : lines.slice(i).join('\n')

  for (const key of requiredTags[kind] ?? []) {
    if (!tags[key]?.length) flags.push(`missing required tag ${key}`)
  }
  const asset = tags['asset-path']?.[0]
  if (asset && !['legacy', 'internal'].includes(asset)) {
    const wanted = kind === 'Lite' || kind === 'Coral' ? '.tflite' : '.tar.gz'
    if (!/^https?:\/\//.test(asset)) flags.push('asset-path is neither a URL nor legacy/internal')
    else if (!asset.endsWith(wanted)) flags.push(`asset-path does not end in ${wanted}`)
    if (/^https?:\/\/github\.com\//.test(asset)) flags.push('asset-path is on github.com')
  }

  return {
    path,
    kind,
    handle,
    publisher,
    name,
    version,
    description,
    tags,
    iconUrl,
    body,
    bodyStartLine,
    flags,
  }
}

export interface VocabularyEntry {
  id: string
  name: string
  domains: string[]
  url?: string
}

/**
 * Reads one of tfhub.dev's tags/*.yaml vocabularies: `values:` holding a list of maps with
 * scalar fields and scalar lists. That is all these files use, so no YAML library is needed.
 */
export function parseVocabulary(text: string): Map<string, VocabularyEntry> {
  const entries = new Map<string, VocabularyEntry>()
  let current: Record<string, string | string[]> | null = null
  let listKey: string | null = null
  const flush = () => {
    if (current && typeof current.id === 'string') {
      const id = current.id
      entries.set(id, {
        id,
        name: typeof current.display_name === 'string' ? current.display_name : id,
        domains: Array.isArray(current.domains) ? current.domains : [],
        url: typeof current.url === 'string' ? current.url : undefined,
      })
    }
  }
  for (const raw of text.split('\n')) {
    const line = stripComment(raw)
    if (!line.trim()) continue
    const item = line.match(/^ {2}- (\w+):\s*(.*)$/)
    if (item) {
      flush()
      current = { [item[1]!]: scalar(item[2]!) }
      listKey = null
      continue
    }
    const field = line.match(/^ {4}(\w+):\s*(.*)$/)
    if (field && current) {
      const value = field[2]!
      if (value === '') {
        listKey = field[1]!
        current[listKey] = []
      } else {
        current[field[1]!] = scalar(value)
        listKey = null
      }
      continue
    }
    const listItem = line.match(/^ {6}- (.*)$/)
    if (listItem && current && listKey) (current[listKey] as string[]).push(scalar(listItem[1]!))
  }
  flush()
  return entries
}

function stripComment(line: string) {
  let quote: string | null = null
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quote) {
      if (ch === quote) quote = null
    } else if (ch === '"' || ch === "'") quote = ch
    else if (ch === '#' && (i === 0 || line[i - 1] === ' ')) return line.slice(0, i).trimEnd()
  }
  return line
}

function scalar(value: string) {
  const v = value.trim()
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))
    return v.slice(1, -1)
  return v
}
