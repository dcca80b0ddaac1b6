// Regenerates db/seed/tfhub-kaggle/families.json, the family override table of
// worker/tfhub/family.ts, from the public TF Hub → Kaggle pairs in ../shared/tfhub/kaggle-pairs.tsv
// (docs/tfhub.md, "Families"). The JSON is committed, so a fresh clone needs no ../shared.
// `node scripts/tfhub-families.mjs [pairs.tsv]`
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const input = process.argv[2] ?? path.join(root, '../shared/tfhub/kaggle-pairs.tsv')
const output = path.join(root, 'db/seed/tfhub-kaggle/families.json')

const pairs = readFileSync(input, 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => {
    const [tfhub, kaggle, source] = line.split('\t')
    if (!tfhub || !kaggle || !source) throw new Error(`not a pair: ${JSON.stringify(line)}`)
    return [tfhub.trim(), kaggle.trim(), source.trim()]
  })
const lines = pairs.map((pair) => `    ${JSON.stringify(pair)}`).join(',\n')
writeFileSync(
  output,
  `{\n  "columns": ["tfhub_handle", "kaggle_handle", "source"],\n  "pairs": [\n${lines}\n  ]\n}\n`,
)
console.log(`${pairs.length} pairs → ${path.relative(root, output)}`)
