// Hostile notebooks (issue 16's acceptance): each upload is either refused in the error envelope
// with nothing stored (no row, no R2 object), or stored byte for byte as data and served only as
// a download that nothing renders in place. Rendering it inert is the viewer's job (docs/notebooks.md).
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import app from '../../worker/app'
import { notebookLimits } from '../../worker/notebooks/ipynb'
import { json } from './helpers'
import { call, cookieName, makeUser, origin } from './accounts-helpers'
import {
  bytesOf,
  codeCell,
  created,
  ipynb,
  markdownCell,
  storedCounts,
  upload,
} from './notebooks-helpers'

const display = (data: Record<string, unknown>) => ({
  output_type: 'display_data',
  metadata: {},
  data,
})

/** Uploads `content`; expects the refusal and that nothing was stored. */
async function expectRefused(content: unknown, status: number, code: string, message: RegExp) {
  const user = await makeUser()
  const before = await storedCounts()
  const res = await upload(user.session, content)
  expect(res.status).toBe(status)
  const body = await json(res)
  expect(body).toMatchObject({ code: status, error: { code, message: expect.any(String) } })
  expect(body.error.message).toMatch(message)
  expect(await storedCounts()).toEqual(before)
}

/** Uploads `content`; expects it stored byte for byte, served as an inert download. */
async function expectStoredAsData(content: unknown) {
  const user = await makeUser()
  const nb = await created(await upload(user.session, content))
  const res = await call(`/api/v1/notebooks/${nb.owner}/${nb.slug}/ipynb`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/x-ipynb+json')
  expect(res.headers.get('content-disposition')).toMatch(/^attachment;/)
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox")
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytesOf(content))
  // the metadata answer is JSON about the file, never its content
  const meta = await (await call(`/api/v1/notebooks/${nb.owner}/${nb.slug}`)).text()
  expect(meta).not.toContain('<script')
  return nb
}

describe('hostile content stored as data', () => {
  it('a script in a text/html output', async () => {
    await expectStoredAsData(
      ipynb([
        codeCell('x', [
          display({ 'text/html': '<script>parent.document.title="owned"</script><b>hi</b>' }),
        ]),
      ]),
    )
  })

  it('javascript: links and raw HTML in markdown cells', async () => {
    await expectStoredAsData(
      ipynb([
        markdownCell('[click](javascript:alert(1)) <img src=x onerror="alert(2)">'),
        markdownCell([
          '<iframe src="https://evil.example"></iframe>\n',
          '<a href="JaVaScRiPt:alert(3)">x</a>',
        ]),
      ]),
    )
  })

  it('an SVG output with a script, and application/javascript', async () => {
    await expectStoredAsData(
      ipynb([
        codeCell('x', [
          display({
            'image/svg+xml':
              '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
            'application/javascript': 'alert(document.cookie)',
          }),
        ]),
      ]),
    )
  })

  it('a title with HTML is kept as text', async () => {
    const user = await makeUser()
    const nb = await created(
      await upload(
        user.session,
        ipynb([]),
        `title=${encodeURIComponent('<img src=x onerror=alert(1)>')}`,
      ),
    )
    expect(nb.title).toBe('<img src=x onerror=alert(1)>')
    expect(nb.slug).toBe('img-src-x-onerror-alert-1')
  })
})

describe('hostile uploads refused, nothing stored', () => {
  it('invalid JSON', async () => {
    await expectRefused('{"nbformat": 4, "cells": [', 400, 'BAD_REQUEST', /not JSON/)
  })

  it('nbformat 3', async () => {
    await expectRefused(
      { nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [{ cells: [] }] },
      400,
      'BAD_REQUEST',
      /only nbformat 4/,
    )
  })

  it('10,000 cells', async () => {
    const cells = Array.from({ length: 10_000 }, () => markdownCell(''))
    await expectRefused(ipynb(cells), 413, 'PAYLOAD_TOO_LARGE', /at most 5000 cells/)
  })

  it('a huge base64 image in one output', async () => {
    const png = 'A'.repeat(notebookLimits.maxOutputChars + 10)
    await expectRefused(
      ipynb([codeCell('plot()', [display({ 'image/png': png })])]),
      413,
      'PAYLOAD_TOO_LARGE',
      /an output is/,
    )
  })

  it('a file over the size limit, refused from its Content-Length before reading it', async () => {
    const user = await makeUser()
    const before = await storedCounts()
    const res = await app.request(
      `${origin}/api/v1/notebooks/upload`,
      {
        method: 'POST',
        headers: {
          cookie: `${cookieName}=${user.session}`,
          origin,
          'content-length': String(notebookLimits.maxBytes + 1),
        },
        body: new ReadableStream({ start: (c) => c.close() }),
        duplex: 'half',
      } as RequestInit,
      env,
    )
    expect(res.status).toBe(413)
    expect(await json(res)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
    expect(await storedCounts()).toEqual(before)
  })

  it('a file just over the size limit', async () => {
    const filler = 'x'.repeat(notebookLimits.maxBytes)
    await expectRefused(ipynb([markdownCell(filler)]), 413, 'PAYLOAD_TOO_LARGE', /at most 10 MiB/)
  })

  it('not UTF-8, not an object, unknown cell and output types', async () => {
    await expectRefused(new Uint8Array([0xff, 0xfe, 0x7b]), 400, 'BAD_REQUEST', /UTF-8/)
    await expectRefused([1, 2], 400, 'BAD_REQUEST', /JSON object/)
    await expectRefused(
      ipynb([{ cell_type: 'widget', source: '' }]),
      400,
      'BAD_REQUEST',
      /cell_type/,
    )
    await expectRefused(
      ipynb([codeCell('x', [{ output_type: 'html', data: {} }])]),
      400,
      'BAD_REQUEST',
      /output_type/,
    )
    await expectRefused(
      ipynb([codeCell('x', [display({ 'text/html': { not: 'a string' } })])]),
      400,
      'BAD_REQUEST',
      /text\/html must be a string/,
    )
    await expectRefused('', 400, 'BAD_REQUEST', /empty/)
  })

  it('names where it failed', async () => {
    const user = await makeUser()
    const res = await upload(
      user.session,
      ipynb([markdownCell('ok'), { cell_type: 'code', source: 'x' }]),
    )
    expect(res.status).toBe(400)
    expect(await json(res)).toMatchObject({
      error: { issues: [{ path: 'cells[1].outputs', message: 'a code cell needs outputs' }] },
    })
  })
})
