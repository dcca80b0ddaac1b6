// model_facets held in memory, so that a search's filters, total and facet counts cost
// microseconds per matching model instead of a D1 join over every one of them (a facet sidebar
// over 20,000 matches was 300 ms of SQL at 100,000 models). An isolate loads the table once,
// then every request brings it up to date from facet_changes (migration 0006) in the same D1
// batch as its other reads, so answers are as current as the database.
import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client'
import type { FacetGroup } from '../vocabulary'
import { allBatch } from './batch'
import { and, bitsetOf, clearBit, grown, hasBit, members, popcount, setBit } from './bitset'

/** A search as the index answers it: all model ids are of listed public models. */
export interface FacetSearch {
  /** models matching the text, ascending; undefined when there is no text */
  text?: Int32Array
  /** OR within a group, AND across groups; groups in `conjunctive` need every value */
  filters: Partial<Record<FacetGroup, string[]>>
  conjunctive: ReadonlySet<FacetGroup>
  /** known size ≤ this */
  maxSizeBytes?: number
  /** count the values of these groups */
  facets?: readonly FacetGroup[]
}

export interface FacetSearchResult {
  total: number
  /** matching model ids ascending; undefined when nothing narrows the catalog */
  matches?: Int32Array
  /** the same as a bitset (bit id % 32 of word id / 32) */
  matchBits?: Uint32Array
  /** per wanted group, the number of models each value would give (values with none left out) */
  counts?: Partial<Record<FacetGroup, { value: string; count: number }[]>>
}

/** Changes to read per request before a full reload is cheaper. */
const maxDelta = 5000
/** Models changed since the load, kept beside the packed arrays, before the next full reload. */
const maxChanged = 20000

/**
 * What an index is built from: the facets of every model and the listed models' sizes and doc
 * scores, as of the change log's `seq` (with that row's `salt`). A D1 load reads it
 * (loadStatements); a snapshot in R2 holds it (snapshot.ts).
 */
export interface FacetIndexData {
  seq: number
  salt: number | null
  /** facet keys ('framework:tfJs') and each one's models, ascending */
  names: string[]
  postings: Int32Array[]
  /** listed public models ascending, each with its latest version's size and its doc score */
  listed: { ids: Int32Array; sizes: Float64Array; docs: Uint8Array }
}

interface Head {
  seq: number
  salt: number | null
  sinceSalt: number | null
}

interface ChangedModel {
  facets: Int32Array
  size: number
  doc: number
}

interface ChangedRow {
  id: number
  facets: string | null
  size: number | null
  doc: number | null
}

export class FacetIndex {
  private readonly numbers = new Map<string, number>()
  private readonly names: string[] = []
  /** group of each facet number, as the facet key's prefix */
  private readonly groupOf: string[] = []
  /** models of each facet number, ascending */
  private postings: Int32Array[] = []
  /** the same as a bitset, for values held by more models than the bitset has words (where it
   * takes less memory than the list): ANDed and counted a word at a time */
  private denseBits: (Uint32Array | undefined)[] = []
  /** facet numbers of each model at load time (CSR: lists[offsets[id] .. offsets[id + 1]]) */
  private readonly offsets: Int32Array
  private readonly lists: Int32Array
  private readonly sizes: Float64Array
  /** documentation points (card, licence, files) of each model, for relevance */
  private readonly docScores: Uint8Array
  /** models whose facets changed after the load (an empty list: no longer listed) */
  private readonly changed = new Map<number, ChangedModel>()
  private changedBits: Uint32Array
  /** facet numbers of each group */
  private readonly byGroup = new Map<string, number[]>()
  /** listed models as a bitset, and ascending */
  private listed: Uint32Array
  private universe: Int32Array | undefined

  public seq: number
  public salt: number | null

  private constructor(data: FacetIndexData) {
    this.seq = data.seq
    this.salt = data.salt
    for (const name of data.names) this.facetNumber(name)
    const perFacet = data.postings.map(sortedIds)
    this.postings = perFacet
    let maxId = 0
    for (const p of perFacet) if (p.length) maxId = Math.max(maxId, p[p.length - 1]!)
    const counts = new Int32Array(maxId + 2)
    for (const p of perFacet) for (const id of p) counts[id + 1]!++
    for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!
    this.offsets = counts
    this.lists = new Int32Array(counts[counts.length - 1]!)
    const fill = counts.slice(0, -1)
    perFacet.forEach((p, facet) => {
      for (const id of p) this.lists[fill[id]!++] = facet
    })
    this.sizes = new Float64Array(maxId + 1)
    this.docScores = new Uint8Array(maxId + 1)
    const { ids, sizes, docs } = data.listed
    ids.forEach((id, i) => {
      if (id > maxId) return
      this.sizes[id] = sizes[i] ?? 0
      this.docScores[id] = docs[i] ?? 0
    })
    this.listed = new Uint32Array((maxId >>> 5) + 1)
    for (let id = 0; id <= maxId; id++) if (counts[id + 1]! > counts[id]!) setBit(this.listed, id)
    this.changedBits = new Uint32Array(this.listed.length)
    this.postings.forEach((_, f) => this.indexDensely(f))
  }

  private indexDensely(f: number) {
    const ids = this.postings[f]!
    this.denseBits[f] =
      ids.length > this.listed.length ? bitsetOf(ids, this.listed.length) : undefined
  }

  /** Every listed model satisfying the search, their number and, when asked, facet counts. */
  search(q: FacetSearch): FacetSearchResult {
    const groups = (Object.keys(q.filters) as FacetGroup[]).filter((g) => q.filters[g]!.length)
    const wanted = q.facets?.length ? new Set<string>(q.facets) : undefined
    if (!q.text && !groups.length && q.maxSizeBytes === undefined) {
      return {
        total: this.allListed().length,
        counts: wanted && this.collect(wanted, (f) => this.postings[f]!.length),
      }
    }

    // bitsets over model ids, combined a word at a time
    const base = this.listed.slice()
    if (q.text) and(base, bitsetOf(q.text, this.listed.length))
    if (q.maxSizeBytes !== undefined) {
      for (const id of members(base)) {
        const size = this.sizeOf(id)
        if (!(size > 0 && size <= q.maxSizeBytes)) clearBit(base, id)
      }
    }
    // per filtered group, the models with any of its values (every value, for conjunctive groups)
    const bits = groups.map((g) => this.groupBits(g, q.filters[g]!, q.conjunctive.has(g)))
    const matchBits = base.slice()
    for (const b of bits) and(matchBits, b)
    const matches = members(matchBits)
    const result: FacetSearchResult = { total: matches.length, matches, matchBits }
    if (!wanted) return result

    const counts = new Int32Array(this.names.length)
    const wantedFacets = [...wanted].flatMap((group) => this.byGroup.get(group) ?? [])
    // each match's own facets, or each wanted value's models among the matches: whichever reads less
    const perMatch = matches.length * (this.lists.length / Math.max(this.offsets.length - 1, 1))
    const perValue = wantedFacets.reduce(
      (sum, f) => sum + (this.denseBits[f] ? this.listed.length : this.postings[f]!.length),
      0,
    )
    if (perMatch < perValue) {
      for (const id of matches) {
        if (hasBit(this.changedBits, id)) {
          for (const f of this.changed.get(id)!.facets) counts[f]!++
        } else if (id + 1 < this.offsets.length) {
          for (let k = this.offsets[id]!, end = this.offsets[id + 1]!; k < end; k++)
            counts[this.lists[k]!]!++
        }
      }
    } else {
      for (const f of wantedFacets) counts[f] = this.countIn(matchBits, f)
    }
    // an OR group with a selection counts its values as if it had none: over the models passing
    // every other group
    groups.forEach((group, g) => {
      if (!wanted.has(group) || q.conjunctive.has(group)) return
      const others = base.slice()
      bits.forEach((b, h) => h !== g && and(others, b))
      for (const f of this.byGroup.get(group) ?? []) counts[f] = this.countIn(others, f)
    })
    result.counts = this.collect(wanted, (f) => counts[f]!)
    return result
  }

  /** How many models of facet f are in the bitset. */
  private countIn(bits: Uint32Array, f: number) {
    let n = 0
    const dense = this.denseBits[f]
    if (dense) {
      for (let w = 0, end = Math.min(bits.length, dense.length); w < end; w++)
        n += popcount(bits[w]! & dense[w]!)
    } else {
      for (const id of this.postings[f]!) if (hasBit(bits, id)) n++
    }
    return n
  }

  private collect(wanted: Set<string>, count: (facet: number) => number) {
    const out: Partial<Record<FacetGroup, { value: string; count: number }[]>> = {}
    for (const group of wanted) out[group as FacetGroup] = []
    this.names.forEach((name, f) => {
      const n = count(f)
      if (n > 0 && wanted.has(this.groupOf[f]!))
        out[this.groupOf[f] as FacetGroup]!.push({
          value: name.slice(this.groupOf[f]!.length + 1),
          count: n,
        })
    })
    return out
  }

  private groupBits(group: FacetGroup, values: string[], conjunctive: boolean) {
    const facets = values.map((value) => this.numbers.get(`${group}:${value}`))
    const bits = new Uint32Array(this.listed.length)
    facets.forEach((f, i) => {
      const one =
        f === undefined
          ? new Uint32Array(0)
          : (this.denseBits[f] ?? bitsetOf(this.postings[f]!, this.listed.length))
      if (conjunctive && i > 0) and(bits, one)
      else
        for (let w = 0, end = Math.min(bits.length, one.length); w < end; w++) bits[w]! |= one[w]!
    })
    return bits
  }

  private eachFacet(id: number, visit: (facet: number) => void) {
    const changed = this.changed.get(id)
    if (changed) {
      for (const f of changed.facets) visit(f)
    } else if (id + 1 < this.offsets.length) {
      for (let k = this.offsets[id]!, end = this.offsets[id + 1]!; k < end; k++)
        visit(this.lists[k]!)
    }
  }

  private facetsOf(id: number): number[] {
    const out: number[] = []
    this.eachFacet(id, (f) => out.push(f))
    return out
  }

  // the map of changed models is asked only for models marked changed: a filter asks for every
  // listed model's size
  private sizeOf(id: number) {
    return (hasBit(this.changedBits, id) ? this.changed.get(id)?.size : this.sizes[id]) ?? 0
  }

  /** How many of card, licence and files a model has. */
  docScoreOf(id: number) {
    return (hasBit(this.changedBits, id) ? this.changed.get(id)?.doc : this.docScores[id]) ?? 0
  }

  private allListed() {
    this.universe ??= members(this.listed)
    return this.universe
  }

  private facetNumber(name: string) {
    let f = this.numbers.get(name)
    if (f === undefined) {
      f = this.names.length
      this.numbers.set(name, f)
      this.names.push(name)
      const group = name.slice(0, name.indexOf(':'))
      this.groupOf.push(group)
      this.byGroup.set(group, [...(this.byGroup.get(group) ?? []), f])
      this.postings.push(new Int32Array(0))
      this.denseBits.push(undefined)
    }
    return f
  }

  /** Applies the current facets of changed models (read at `head.seq`). */
  private apply(head: Head, rows: ChangedRow[]) {
    const removed = new Map<number, Set<number>>()
    const added = new Map<number, number[]>()
    for (const row of rows) {
      const before = new Set(this.facetsOf(row.id))
      const after = new Set(
        (row.facets ? row.facets.split('\n') : []).map((name) => this.facetNumber(name)),
      )
      for (const f of before)
        if (!after.has(f)) removed.set(f, (removed.get(f) ?? new Set()).add(row.id))
      for (const f of after) {
        if (before.has(f)) continue
        const list = added.get(f)
        if (list) list.push(row.id)
        else added.set(f, [row.id])
      }
      this.changed.set(row.id, {
        facets: Int32Array.from(after),
        size: row.size ?? 0,
        doc: row.doc ?? 0,
      })
      if (row.id >>> 5 >= this.listed.length) {
        const words = Math.max((row.id >>> 5) + 1, this.listed.length * 2)
        this.listed = grown(this.listed, words)
        this.changedBits = grown(this.changedBits, words)
      }
      setBit(this.changedBits, row.id)
      if (after.size) setBit(this.listed, row.id)
      else clearBit(this.listed, row.id)
    }
    for (const f of new Set([...removed.keys(), ...added.keys()])) {
      const gone = removed.get(f)
      const kept = gone ? this.postings[f]!.filter((id) => !gone.has(id)) : this.postings[f]!
      this.postings[f] = sortedIds(Int32Array.from([...kept, ...(added.get(f) ?? [])]))
      this.indexDensely(f)
    }
    this.universe = undefined
    this.seq = head.seq
    this.salt = head.salt
  }

  // ---- keeping one index per isolate current --------------------------------------------------

  private static current: FacetIndex | undefined

  /**
   * The statements that bring the isolate's index up to date, to run in the caller's D1 batch
   * (one transaction, so the index matches the other statements' snapshot), and the function
   * that takes their answers. It may read more: a first load, or a reload after the log was
   * pruned or rolled back past what the index has seen. `current` is the index as it stands when
   * no load is due: work planned on it before the batch stands if `finish` reports no change.
   */
  static sync(): {
    current?: FacetIndex
    statements: SQL[]
    finish: (
      answers: unknown[][],
      reload: (statements: SQL[]) => Promise<unknown[][]>,
    ) => Promise<{ index: FacetIndex; changed: boolean }>
  } {
    const index = FacetIndex.current
    if (!index || index.changed.size > maxChanged) {
      return {
        statements: loadStatements(),
        finish: async (answers) => ({ index: FacetIndex.loaded(answers), changed: true }),
      }
    }
    const since = index.seq
    return {
      current: index,
      statements: [changesStatement(since)],
      finish: async (answers, reload) => {
        const head = answers[0]![0] as Head
        const rows = (answers[0] as (Head & ChangedRow)[]).filter((row) => row.id !== null)
        const diverged = since > 0 && head.sinceSalt !== index.salt
        if (diverged || head.seq < since || rows.length > maxDelta) {
          return { index: FacetIndex.loaded(await reload(loadStatements())), changed: true }
        }
        // another request may have applied newer changes meanwhile: never go back
        if (head.seq > index.seq) index.apply(head, rows)
        return { index, changed: head.seq !== since }
      },
    }
  }

  private static loaded(answers: unknown[][]) {
    const index = new FacetIndex(facetIndexData(answers))
    FacetIndex.current = index
    return index
  }

  /** Makes the data this isolate's index, unless it has one; the next search brings it up to date
   * from the change log, or loads it again from D1 if the log no longer reaches back to it. */
  static adopt(data: FacetIndexData) {
    FacetIndex.current ??= new FacetIndex(data)
  }

  /** Whether this isolate has an index (otherwise its next search loads one). */
  static get ready() {
    return FacetIndex.current !== undefined
  }

  /** Drops this isolate's index: the next search loads one. */
  static forget() {
    FacetIndex.current = undefined
  }
}

function headStatement(since: number) {
  return sql`select coalesce((select max(seq) from facet_changes), 0) as seq,
    (select salt from facet_changes where seq = (select max(seq) from facet_changes)) as salt,
    (select salt from facet_changes where seq = ${since}) as sinceSalt`
}

// the head, beside the current facets of every model changed after `since` (a row with a null id
// when none did); one changed model more than maxDelta says "reload"
function changesStatement(since: number) {
  return sql`select h.*, c.model_id as id,
      (select group_concat(f.facet, char(10)) from model_facets f where f.model_id = c.model_id) as facets,
      (select m.latest_size_bytes from models m where m.id = c.model_id) as size,
      (select m.doc_score from models m where m.id = c.model_id) as doc
    from (${headStatement(since)}) h
    left join (select distinct model_id from facet_changes where seq > ${since} limit ${maxDelta + 1}) c on true`
}

/** The change log's newest seq and its salt: where an index loaded now would stand. */
export async function readFacetHead(db: Db): Promise<{ seq: number; salt: number | null }> {
  const [rows] = await allBatch<Head>(db, [headStatement(0)])
  return { seq: rows![0]!.seq, salt: rows![0]!.salt }
}

/** The index's data as the database holds it now, in one D1 round trip (one snapshot). */
export async function readFacetIndexData(db: Db): Promise<FacetIndexData> {
  return facetIndexData(await allBatch(db, loadStatements()))
}

function facetIndexData(answers: unknown[][]): FacetIndexData {
  const head = answers[0]![0] as Head
  const facets = answers[1] as { facet: string; ids: string }[]
  const listed = answers[2]![0] as { ids: string | null; sizes: string | null; docs: string | null }
  const ids = parseIds(listed.ids)
  return {
    seq: head.seq,
    salt: head.salt,
    names: facets.map((row) => row.facet),
    postings: facets.map((row) => parseIds(row.ids)),
    listed: {
      ids,
      sizes: Float64Array.from((listed.sizes ?? '').split(',').slice(0, ids.length), Number),
      docs: Uint8Array.from(parseIds(listed.docs)),
    },
  }
}

function loadStatements() {
  return [
    headStatement(0),
    // the primary key (facet, model_id) hands each facet's models over in order
    sql`select facet, group_concat(model_id) as ids from model_facets group by facet`,
    // from the covering index: reading the table would read past every model card
    sql`select group_concat(id) as ids, group_concat(coalesce(latest_size_bytes, 0)) as sizes, group_concat(coalesce(doc_score, 0)) as docs
      from models indexed by models_public_docs_idx where is_listed = 1 and is_private = 0`,
  ]
}

/** "3,17,42" as numbers, without making a string per id (non-negative integers below 2^31). */
export function parseIds(text: string | null | undefined): Int32Array {
  if (!text) return new Int32Array(0)
  // one pass into room for the most ids the text can hold ("1,2,3": half its length, rounded up)
  const out = new Int32Array((text.length + 1) >>> 1)
  let k = 0
  let value = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 44) {
      out[k++] = value
      value = 0
    } else {
      value = value * 10 + (c - 48)
    }
  }
  out[k++] = value
  return out.subarray(0, k)
}

function sortedIds(ids: Int32Array) {
  for (let i = 1; i < ids.length; i++) if (ids[i]! < ids[i - 1]!) return ids.sort()
  return ids
}

/** Changes kept in facet_changes: an isolate further behind than this reloads the whole index. */
const keptFacetChanges = 200_000

/** Drops all but the newest `keep` changes (the Cron Trigger calls this). */
export async function pruneFacetChanges(db: Db, keep = keptFacetChanges) {
  await db.run(
    sql`delete from facet_changes where seq <= (select max(seq) from facet_changes) - ${keep}`,
  )
}
