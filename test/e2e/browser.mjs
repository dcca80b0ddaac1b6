// The chromium of the browser tests and bench/web-budget.mjs, found without anything installed by
// hand: the system's chromium when there is one (Debian's /usr/bin/chromium, or CHROMIUM_PATH),
// otherwise the headless chromium that ships inside the npm package @sparticuz/chromium.
//
// That package is built for AWS Lambda. Its own executablePath() unpacks to fixed names in the temp
// folder (/tmp/chromium, shared by every checkout and version on the machine, and read while
// another process may still be writing it) and adds its bundled libraries and fonts only on Amazon
// Linux. So the same files are unpacked here instead, once per package version, into a folder of
// their own that appears whole (unpacked aside, then renamed):
//   chromium             the headless shell
//   lib/                 libnss3, libnspr4, libexpat, … (al2023.tar.br): on LD_LIBRARY_PATH, so the
//                        binary needs nothing from the system but glibc
//   fonts/fonts/         Open Sans (fonts.tar.br), with a fonts.conf that adds the system's fonts
//                        when there are any, so text renders on a machine without fonts as well
//   libGLESv2.so, …      SwiftShader, beside the binary as the package lays it out
// The package's `args` are not used: they are Lambda's (--single-process, --disable-web-security,
// no site isolation), and the browser tests want a browser that behaves like a user's.
import { spawnSync } from 'node:child_process'
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createBrotliDecompress } from 'node:zlib'
import { chromium } from 'playwright-core'

/** The switches every launch gets, whichever chromium it is. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

let found

/**
 * Which chromium to run: `{ executablePath, env, source }`, where env holds what the browser's
 * process needs on top of process.env, and source says where it came from ('system' or
 * '@sparticuz/chromium@<version>'). Unpacks the npm one on first use (about 3 s).
 */
export function findChromium() {
  found ??= locate()
  return found
}

async function locate() {
  if (process.env.CHROMIUM_PATH) {
    if (!existsSync(process.env.CHROMIUM_PATH))
      throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`)
    return { executablePath: process.env.CHROMIUM_PATH, env: {}, source: 'system' }
  }
  if (existsSync('/usr/bin/chromium'))
    return { executablePath: '/usr/bin/chromium', env: {}, source: 'system' }
  return unpackSparticuz()
}

async function unpackSparticuz() {
  // build/esm/index.js → the package's folder (its exports do not include package.json)
  const pkgDir = path.resolve(
    path.dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium'))),
    '../..',
  )
  const { version } = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))
  const dir = path.join(tmpdir(), `modelport-sparticuz-chromium-${version}`)
  const result = {
    executablePath: path.join(dir, 'chromium'),
    env: {
      LD_LIBRARY_PATH: [path.join(dir, 'lib'), process.env.LD_LIBRARY_PATH]
        .filter(Boolean)
        .join(':'),
      FONTCONFIG_FILE: path.join(dir, 'fonts.conf'),
      // Under LANG=C.UTF-8 (this machine's and CI's) this build says navigator.language is
      // 'en-US@posix', which Intl rejects: uPlot's `new Intl.NumberFormat(navigator.language)`
      // then throws as its chunk loads. A user's browser says 'en-US'; so does this one with a
      // named locale (it need not be installed).
      LANG: 'en_US.UTF-8',
      LC_ALL: 'en_US.UTF-8',
    },
    source: `@sparticuz/chromium@${version}`,
  }
  if (existsSync(dir)) return result

  const staging = mkdtempSync(`${dir}.partial-`)
  try {
    const bin = path.join(pkgDir, 'bin')
    // tar-fs as the package itself resolves it (another major version may be hoisted beside it)
    const { extract } = createRequire(path.join(pkgDir, 'package.json'))('tar-fs')
    const unbrotli = (name, target) =>
      pipeline(createReadStream(path.join(bin, name)), createBrotliDecompress(), target)
    await Promise.all([
      unbrotli('chromium.br', createWriteStream(path.join(staging, 'chromium'), { mode: 0o755 })),
      unbrotli('al2023.tar.br', extract(staging)),
      unbrotli('fonts.tar.br', extract(path.join(staging, 'fonts'))),
      unbrotli('swiftshader.tar.br', extract(staging)),
    ])
    writeFileSync(
      path.join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${path.join(dir, 'fonts/fonts')}</dir>
  <cachedir>${path.join(dir, 'fonts-cache')}</cachedir>
</fontconfig>
`,
    )
    renameSync(staging, dir)
  } catch (err) {
    rmSync(staging, { recursive: true, force: true })
    // another process unpacked the same version first
    if (existsSync(dir) && (err.code === 'ENOTEMPTY' || err.code === 'EEXIST')) return result
    throw err
  }
  return result
}

/**
 * playwright-core's chromium.launch() with the chromium found above: headless, the common
 * switches plus options.args, and the environment the npm build needs.
 */
export async function launchChromium(options = {}) {
  const { executablePath, env } = await findChromium()
  return chromium.launch({
    headless: true,
    ...options,
    executablePath,
    args: [...chromiumArgs, ...(options.args ?? [])],
    env: { ...process.env, ...env, ...options.env },
  })
}

// `node test/e2e/browser.mjs`: say which chromium the tests would run
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { executablePath, source, env } = await findChromium()
  const browser = await launchChromium()
  console.log(`${source}: ${executablePath} (${browser.version()})`)
  await browser.close()
  if (Object.keys(env).length)
    console.log(
      spawnSync('ldd', [executablePath], { env: { ...process.env, ...env }, encoding: 'utf8' })
        .stdout,
    )
}
