// The HTML report in a real browser (Debian's chromium via playwright-core), opened from file://:
// sorting works, every transcript entry is drawn, hostile student output stays inert text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, grade, readResults, ROOT, tempOut, type Results } from '../e2e/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const SHOTS = path.join(ROOT, 'test-results/screenshots');
const CASES = ['argv-clean', 'handout-py2', 'udp-pair'];
const HOSTILE_ID = 'hostile-output';
const HOSTILE = `<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1">`;

/** A tcp-hello server that works, but prints, writes to stderr and sends back markup meant to run. */
const HOSTILE_SERVER = `import socket
import sys

HOSTILE = ${JSON.stringify(HOSTILE)}
porta = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
servidor = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
servidor.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
servidor.bind(('', porta))
servidor.listen(5)
print(HOSTILE, flush=True)
print(HOSTILE, file=sys.stderr, flush=True)
while True:
    conexao, endereco = servidor.accept()
    dados = conexao.recv(1024)
    print('Recebida:', dados.decode(), HOSTILE, flush=True)
    conexao.sendall(HOSTILE.encode())
    conexao.close()
`;

// Locally a missing browser skips with a reason; in CI (.ci/run installs chromium) it must run.
const available = fs.existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!available) console.warn(`test/browser skipped: ${CHROMIUM} is absent (apt-get install chromium); CI is not set.`);

describe.skipIf(!available)('the HTML report in chromium', () => {
  let out: string;
  let results: Results;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    const klass = tempOut('sg-browser-class-');
    for (const id of CASES) fs.cpSync(path.join(FIXTURES, id), path.join(klass, id), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'argv-clean'), path.join(klass, HOSTILE_ID), { recursive: true });
    fs.writeFileSync(path.join(klass, HOSTILE_ID, 'servidor.py'), HOSTILE_SERVER);
    out = tempOut('sg-browser-out-');
    const run = await grade([klass, '--out', out, '--reporter', 'json', 'html', '--lang', 'en', '--jobs', '2']);
    if (run.exitCode !== 0) throw new Error(`grade failed (${run.exitCode}): ${run.stderr}`);
    results = readResults(out);
    // Playwright wants the profile folder as an argument rather than --user-data-dir; a fresh one each run.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 900 } });
    context.on('request', (r) => requests.push(r.url()));
    page = context.pages()[0] ?? (await context.newPage());
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
  });

  const totals = () => page.$$eval('#grades tbody tr', (rows) => rows.map((r) => Number(r.lastElementChild!.getAttribute('data-sort'))));
  const names = () => page.$$eval('#grades tbody tr', (rows) => rows.map((r) => r.firstElementChild!.textContent!.trim()));

  it('sorts the class by total score when the header is clicked', async () => {
    await page.goto(`file://${path.join(out, 'index.html')}`);
    const before = await names();
    expect(before).toEqual([...CASES, HOSTILE_ID].sort((a, b) => a.localeCompare(b)));
    const header = page.locator('#grades thead th').last();
    await header.click();
    const ascending = await totals();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(await names()).not.toEqual(before);
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await header.click();
    const descending = await totals();
    expect(descending).toEqual([...ascending].reverse());
    await page.screenshot({ path: path.join(SHOTS, 'index.png'), fullPage: true });
  });

  it('filters the table by student', async () => {
    await page.fill('#filter', 'udp');
    expect(await page.locator('#grades tbody tr:not([hidden])').count()).toBe(1);
    await page.fill('#filter', '');
    expect(await page.locator('#grades tbody tr:not([hidden])').count()).toBe(CASES.length + 1);
  });

  it('draws one arrow per transcript entry on a student page', async () => {
    await page.locator('#grades a', { hasText: HOSTILE_ID }).click();
    await page.waitForURL(/students\//);
    const student = results.submissions.find((s) => s.id === HOSTILE_ID)!;
    let total = 0;
    for (const x of student.exercises) {
      for (const c of x.checks) {
        const arrows = page.locator(`section#ex-${x.id} article[data-check="${c.id}"] svg.seq g.arrow`);
        expect(await arrows.count(), `${x.id}/${c.id}`).toBe(c.transcript.length);
        total += c.transcript.length;
      }
    }
    expect(total).toBeGreaterThan(10);
    expect(await page.locator('svg.seq g.arrow').count()).toBe(total);
  });

  it('shows the hostile output as text and never runs it', async () => {
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('pre.stdout').first().textContent()).toContain(HOSTILE);
    expect(await page.locator('pre.stderr').first().textContent()).toContain(HOSTILE);
    // The bytes sent back appear, as text, in the diagram's labels.
    expect(await page.locator('svg.seq g.arrow title', { hasText: '<script>window.__pwned=1</script>' }).count()).toBeGreaterThan(0);
    // Passing checks fold their diagrams; unfold them so the screenshot shows the drawings.
    await page.$$eval('details.conversation', (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await page.screenshot({ path: path.join(SHOTS, 'student.png'), fullPage: true });
  });

  it('loaded nothing but its own files', () => {
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });
});
