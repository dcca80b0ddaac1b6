// Kaggle's own Python clients, unmodified (../shared/clients: kagglehub 0.3.13 on the legacy
// REST paths, kagglehub 1.0.1 + kagglesdk 0.1.37 on RPC), against the server `npm start` runs
// (scripts/start.mjs: migrations, wrangler dev, the TF Hub import and the demo models) on a port
// and state folder of its own. Each client run has its own HOME and KAGGLEHUB_CACHE. Every file
// a download writes is checked by sha256 against the bundled demo files, for demo models and for a
// TF Hub model pulled through.
// `npm run test:clients`; needs Debian's /usr/bin/python3 with python3-requests, python3-tqdm,
// python3-packaging, python3-yaml and python3-protobuf.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startModelport } from '../../scripts/start.mjs'

const root = path.resolve(import.meta.dirname, '../..')
const clients = path.resolve(root, '../shared/clients')
const python = '/usr/bin/python3'
const demoDir = path.join(root, 'db/seed/demo-models')
const port = Number(process.env.MODELPORT_CLIENTS_PORT ?? 8792)

const manifest = JSON.parse(readFileSync(path.join(demoDir, 'manifest.json'), 'utf8'))

/** path → sha256 of the bundled bytes, for one demo version ('blazeface/tfJs/default/1'). */
function bundled(handle) {
  const [slug, framework, variation, number] = handle.split('/')
  const version = manifest.models
    .find((m) => m.slug === slug)
    .variations.find((v) => v.framework === framework && v.slug === variation)
    .versions.find((v) => v.number === Number(number))
  return Object.fromEntries(
    version.files.map((f) => [f.path, sha256(readFileSync(path.join(demoDir, f.source)))]),
  )
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')

/** Every file under a folder, by its path relative to it, with its sha256. */
function hashesUnder(dir, prefix = '') {
  const out = {}
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) Object.assign(out, hashesUnder(full, rel))
    else out[rel] = sha256(readFileSync(full))
  }
  return out
}

let modelport
let stateDir
let scratch
let account

before(async () => {
  assert.ok(existsSync(python), `${python} is missing (apt-get install -y python3)`)
  assert.ok(existsSync(path.join(clients, 'run.py')), `no clients at ${clients}`)
  stateDir = mkdtempSync(path.join(tmpdir(), 'modelport-clients-state-'))
  scratch = mkdtempSync(path.join(tmpdir(), 'modelport-clients-'))
  // the clients never load the SPA: its build is skipped, its folder only has to exist
  mkdirSync(path.join(root, 'dist/web'), { recursive: true })
  modelport = await startModelport({
    port,
    persistTo: stateDir,
    inspectorPort: port + 450,
    build: false,
    log: () => {},
  })
  const username = `clients${randomBytes(4).toString('hex')}`
  const res = await fetch(`${modelport.origin}/api/v1/admin/users`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${modelport.adminToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ username, email: `${username}@example.test` }),
  })
  assert.equal(res.status, 201, await res.clone().text())
  account = await res.json()
})

after(async () => {
  await modelport?.stop()
  for (const dir of [stateDir, scratch]) if (dir) rmSync(dir, { recursive: true, force: true })
})

let runs = 0
/**
 * Runs Python code with one generation of the clients (run.py), in a fresh HOME and cache;
 * resolves with what it printed after `RESULT=`, or rejects with its output.
 */
function client(generation, code, env = {}) {
  const home = path.join(scratch, `run-${++runs}`)
  mkdirSync(home, { recursive: true })
  const child = spawn(
    python,
    [path.join(clients, 'run.py'), generation, modelport.origin, '-c', code],
    {
      cwd: home,
      env: {
        PATH: process.env.PATH,
        LANG: 'C.UTF-8',
        HOME: home,
        KAGGLEHUB_CACHE: path.join(home, 'cache'),
        PYTHONDONTWRITEBYTECODE: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const serverBefore = modelport.output().length
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000)
  return new Promise((resolve, reject) => {
    child.on('exit', (status) => {
      clearTimeout(timer)
      const result = /^RESULT=(.*)$/m.exec(output)?.[1]
      if (status === 0 && result !== undefined) resolve({ result, output, home })
      else {
        // what the server (wrangler dev) said while the client ran: a restart or a Worker error
        const server = modelport.output().slice(serverBefore).trim() || '(nothing)'
        reject(
          new Error(`${generation} client exited ${status}:\n${output}\nserver output:\n${server}`),
        )
      }
    })
  })
}

const download = (handle, filePath) =>
  `import kagglehub\nprint("RESULT=" + kagglehub.model_download(${JSON.stringify(handle)}${
    filePath ? `, path=${JSON.stringify(filePath)}` : ''
  }))`

const cases = [
  // unversioned: the client resolves the latest version first (GetModelInstance / .../get)
  {
    handle: 'demo/movenet/tfJs/singlepose-lightning',
    version: 'movenet/tfJs/singlepose-lightning/1',
  },
  { handle: 'demo/blazeface/tfJs/default/1', version: 'blazeface/tfJs/default/1' },
  // a TF Hub model whose files are pulled through from the local stand-in for tfhub.dev on the
  // first ask (the request is held while the queue fetches them; docs/pull-through.md): the same
  // MoveNet files as the demo's
  {
    handle: 'google/movenet/tfJs/singlepose-lightning',
    version: 'movenet/tfJs/singlepose-lightning/1',
  },
  // the handle Modelport served before the catalog took Kaggle's family shape: a 308 to the
  // family's variation (docs/tfhub.md, "Old handles"), the same files
  {
    handle: 'google/movenet-singlepose-lightning/tfJs/default/4',
    version: 'movenet/tfJs/singlepose-lightning/1',
  },
]

for (const generation of ['legacy', 'current']) {
  describe(`${generation} kagglehub`, () => {
    for (const { handle, version } of cases) {
      it(`model_download("${handle}"): every file, byte for byte`, async () => {
        const { result } = await client(generation, download(handle))
        assert.deepEqual(hashesUnder(result), bundled(version))
      })

      const expected = bundled(version)
      const one = Object.keys(expected).at(-1)
      it(`model_download("${handle}", path="${one}"): that file only`, async () => {
        const { result } = await client(generation, download(handle, one))
        assert.equal(path.basename(result), one)
        assert.equal(sha256(readFileSync(result)), expected[one])
      })
    }

    it('the family handle and the old one-model-per-handle handle give the same sha256s', async () => {
      const family = await client(generation, download('google/movenet/tfJs/singlepose-lightning'))
      const old = await client(
        generation,
        download('google/movenet-singlepose-lightning/tfJs/default'),
      )
      assert.deepEqual(hashesUnder(family.result), hashesUnder(old.result))
      assert.ok(Object.keys(hashesUnder(family.result)).length > 1)
    })

    it('model_download with the generated key sent as Basic', async () => {
      const { result } = await client(generation, download('demo/blazeface/tfJs/default'), {
        KAGGLE_USERNAME: account.username,
        KAGGLE_KEY: account.key,
      })
      assert.deepEqual(hashesUnder(result), bundled('blazeface/tfJs/default/1'))
    })

    it('whoami() names the user of a generated key', async () => {
      const { result } = await client(
        generation,
        'import kagglehub\nprint("RESULT=" + kagglehub.whoami()["username"])',
        { KAGGLE_USERNAME: account.username, KAGGLE_KEY: account.key },
      )
      assert.equal(result, account.username)
    })

    it('whoami() refuses a wrong key', async () => {
      const code = [
        'import kagglehub',
        'from kagglehub.exceptions import UnauthenticatedError',
        'try:',
        '    kagglehub.whoami()',
        '    print("RESULT=accepted")',
        'except UnauthenticatedError:',
        '    print("RESULT=refused")',
      ].join('\n')
      const { result } = await client(generation, code, {
        KAGGLE_USERNAME: account.username,
        KAGGLE_KEY: 'not-the-key',
      })
      assert.equal(result, 'refused')
    })
  })
}

describe('current kagglehub with an access token (Bearer)', () => {
  it('whoami() names the user', async () => {
    const { result } = await client(
      'current',
      'import kagglehub\nprint("RESULT=" + kagglehub.whoami()["username"])',
      { KAGGLE_API_TOKEN: account.key },
    )
    assert.equal(result, account.username)
  })
})

/** A folder of model files with a subfolder, different bytes for each `seed`. */
function modelFolder(seed) {
  const dir = mkdtempSync(path.join(scratch, `upload-${seed}-`))
  mkdirSync(path.join(dir, 'assets'))
  writeFileSync(path.join(dir, 'weights.bin'), randomBytes(300_000 + seed))
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ seed, layers: [3, 5] }))
  writeFileSync(path.join(dir, 'assets', 'vocab.txt'), `token-${seed}\n`.repeat(50))
  return dir
}

/** 60 small files in nested folders: kagglehub sends more than 50 as one archive.zip. */
function manyFiles(seed) {
  const dir = mkdtempSync(path.join(scratch, `many-${seed}-`))
  for (let i = 0; i < 60; i++) {
    const sub = path.join(dir, `part-${i % 4}`, i % 2 ? 'odd' : '')
    mkdirSync(sub, { recursive: true })
    writeFileSync(path.join(sub, `shard-${i}.bin`), randomBytes(100 + i * 31))
  }
  return dir
}

const upload = (handle, dir, notes) =>
  [
    'import kagglehub',
    `kagglehub.model_upload(${JSON.stringify(handle)}, ${JSON.stringify(dir)}, license_name="Apache 2.0", version_notes=${JSON.stringify(notes)})`,
    'print("RESULT=uploaded")',
  ].join('\n')

for (const generation of ['legacy', 'current']) {
  describe(`${generation} kagglehub model_upload`, () => {
    const handle = () => `${account.username}/upload-${generation}/pyTorch/default`
    const folders = []
    const credentials = () => ({ KAGGLE_USERNAME: account.username, KAGGLE_KEY: account.key })

    it('model_upload of a new private model with a folder of files', async () => {
      folders.push(modelFolder(1))
      const { result } = await client(
        generation,
        upload(handle(), folders[0], 'first'),
        credentials(),
      )
      assert.equal(result, 'uploaded')
    })

    it('a second model_upload of the same handle creates version 2', async () => {
      folders.push(modelFolder(2))
      const { result } = await client(
        generation,
        upload(handle(), folders[1], 'second'),
        credentials(),
      )
      assert.equal(result, 'uploaded')
      const res = await fetch(`${modelport.origin}/api/v1/models/${handle()}/get`, {
        headers: { authorization: `Basic ${btoa(`${account.username}:${account.key}`)}` },
      })
      assert.equal(res.status, 200)
      assert.equal((await res.json()).versionNumber, 2)
    })

    for (const version of [1, 2])
      it(`the owner's model_download of version ${version}: every file, byte for byte`, async () => {
        const { result } = await client(
          generation,
          download(`${handle()}/${version}`),
          credentials(),
        )
        assert.deepEqual(hashesUnder(result), hashesUnder(folders[version - 1]))
      })

    it('a folder of 60 files goes as archive.zip, is unpacked, and downloads back', async () => {
      const many = `${account.username}/upload-${generation}/pyTorch/many`
      const dir = manyFiles(3)
      const sent = await client(generation, upload(many, dir, 'sixty'), credentials())
      assert.equal(sent.result, 'uploaded')
      assert.match(sent.output, /creating a zip archive/)
      const { result } = await client(generation, download(`${many}/1`), credentials())
      const got = hashesUnder(result)
      assert.equal(Object.keys(got).length, 60)
      assert.deepEqual(got, hashesUnder(dir))
    })

    it('an anonymous model_download of the private model is refused', async () => {
      const code = [
        'import kagglehub',
        'try:',
        `    kagglehub.model_download(${JSON.stringify(`${handle()}/1`)})`,
        '    print("RESULT=downloaded")',
        'except Exception as e:',
        '    print("RESULT=refused " + type(e).__name__)',
      ].join('\n')
      const { result } = await client(generation, code)
      assert.match(result, /^refused /)
    })
  })
}
