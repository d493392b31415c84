// The interop matrix of the HTML report (grade --pairs) in a real browser (Debian's chromium via
// playwright-core), opened from file://: a cell opens its pair's detail by :target, hostile student
// output in a pair stays inert text, the filter hides rows and columns, and the student filter
// fades all but one student's row and column.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grade, ROOT, tempOut } from '../e2e/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const SHOTS = path.join(ROOT, 'test-results/screenshots');
/** A real recorded run (six submissions, no pairs); the pairs below are appended before its run:end. */
const REAL_RUN = path.join(ROOT, 'test/fixtures/events/real-run.jsonl');
const REF = '@reference';
const STUDENTS = ['argv-clean', 'client-wrong-text', 'handout-py2'];
const PARTIES = [REF, ...STUDENTS];
/** The student whose client sends markup meant to run; the server prints it back. */
const HOSTILE_ID = 'client-wrong-text';
const HOSTILE = `<script>window.__pwned=1</script> <img src=x onerror=window.__pwned=1>`;
const SENT = `Hello World ${HOSTILE}`;
const PRINTED = `Recebida: ${SENT}`;
/** pairs.cause.wrong-text of reports/locales/en/pairs.json, filled in. */
const SENTENCE = `the client sent \`${SENT}\`; the server printed \`${PRINTED}\`, which is not the greeting`;
const HOSTILE_TRANSCRIPT = [
  { t: 2, from: 'grader', to: 'grader', kind: 'step', text: 'python3 cliente.py 127.0.0.1 40001' },
  { t: 9, from: 'client', to: 'server', kind: 'connect', text: '127.0.0.1:40001' },
  { t: 10, from: 'client', to: 'server', kind: 'send', text: SENT },
  { t: 11, from: 'client', to: 'server', kind: 'close', text: '' },
  { t: 12, from: 'server', to: 'server', kind: 'stdout', text: `${PRINTED}\n` },
];

type Pair = { exercise: string; client: string; server: string; verdict: string; durationMs: number; transcript: unknown[]; cause?: string; message?: unknown };

/** tcp-hello, 4×4 with the reference: the hostile client fails everywhere, handout-py2's server never listens. */
function pairs(): Pair[] {
  const out: Pair[] = [];
  for (const client of PARTIES) {
    for (const server of PARTIES) {
      // The reference against itself is never run: a grey cell without a link.
      if (client === REF && server === REF) continue;
      const pair: Pair = { exercise: 'tcp-hello', client, server, verdict: 'pass', durationMs: 40, transcript: [] };
      if (server === 'handout-py2') {
        Object.assign(pair, { verdict: 'fail', cause: 'python2-syntax', message: { key: 'pairs.cause.server-down', params: { error: 'SyntaxError: Missing parentheses in call to print' } } });
      } else if (client === HOSTILE_ID) {
        Object.assign(pair, { verdict: 'fail', cause: 'wrong-text', message: { key: 'pairs.cause.wrong-text', params: { sent: SENT, printed: PRINTED } }, transcript: HOSTILE_TRANSCRIPT });
      }
      out.push(pair);
    }
  }
  return out;
}

// Locally a missing browser skips with a reason; in CI (.ci/run installs chromium) it must run.
const available = fs.existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!available) console.warn(`test/browser skipped: ${CHROMIUM} is absent (apt-get install chromium); CI is not set.`);

describe.skipIf(!available)('the pairs matrix in chromium', () => {
  let out: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    out = tempOut('sg-browser-pairs-');
    const lines = fs.readFileSync(REAL_RUN, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const end = lines.findIndex((l) => (JSON.parse(l) as { type: string }).type === 'run:end');
    if (end < 0) throw new Error(`${REAL_RUN} has no run:end`);
    lines.splice(end, 0, ...pairs().map((pair) => JSON.stringify({ type: 'pair:end', pair })));
    fs.writeFileSync(path.join(out, 'events.jsonl'), lines.join('\n') + '\n');
    const run = await grade(['report', out, '--lang', 'en']);
    if (run.exitCode !== 0) throw new Error(`grade report failed (${run.exitCode}): ${run.stderr}`);
    // Playwright wants the profile folder as an argument rather than --user-data-dir; a fresh one each run.
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 900 } });
    context.on('request', (r) => requests.push(r.url()));
    page = context.pages()[0] ?? (await context.newPage());
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    for (const dir of [profile, out]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const matrix = () => page.locator('section.pair-exercise[data-exercise="tcp-hello"] table.pair-matrix');
  const visibleRows = () => matrix().locator('tbody tr:not([hidden]) th.pm-row').allTextContents();
  const cell = (client: string, server: string) => matrix().locator(`tbody tr:nth-child(${PARTIES.indexOf(client) + 1}) td[data-col="${PARTIES.indexOf(server)}"]`);

  it('draws the tcp-hello matrix, the reference first, then the students in run order', async () => {
    await page.goto(`file://${path.join(out, 'index.html')}`);
    expect(await page.locator('section#pairs').isVisible()).toBe(true);
    expect(await matrix().isVisible()).toBe(true);
    expect(await matrix().locator('thead th.pm-col').allTextContents()).toEqual(['reference', ...STUDENTS]);
    expect(await visibleRows()).toEqual(['reference', ...STUDENTS]);
    expect(await matrix().locator('td.pm').count()).toBe(PARTIES.length ** 2);
    // The hostile client's row and handout-py2's column, which cross once.
    expect(await matrix().locator('td.pm-fail').count()).toBe(PARTIES.length * 2 - 1);
    expect(await cell(REF, REF).getAttribute('class')).toBe('pm pm-not-run');
    expect(await cell(REF, REF).locator('a').count()).toBe(0);
    expect(await cell('argv-clean', 'argv-clean').getAttribute('class')).toBe('pm pm-pass');
    expect(await page.locator('section.pair-exercise p.pairs-summary').textContent()).toBe('tcp-hello pairs: 4/9 work; 0 disagreement cells');
    // Every detail is hidden until its cell is clicked.
    expect(await page.locator('article.pair-detail').count()).toBe(PARTIES.length ** 2 - 1);
    expect(await page.locator('article.pair-detail:visible').count()).toBe(0);
  });

  it("opens a failing pair's detail from its cell, with the sentence and the sequence diagram", async () => {
    const failing = cell(HOSTILE_ID, 'argv-clean');
    expect(await failing.getAttribute('class')).toBe('pm pm-fail');
    const href = await failing.locator('a').getAttribute('href');
    expect(href).toMatch(/^#pairs-0-\d+-\d+$/);
    const detail = page.locator(`article.pair-detail[id="${href!.slice(1)}"]`);
    expect(await detail.isVisible()).toBe(false);
    await failing.locator('a').click();
    expect(new URL(page.url()).hash).toBe(href);
    expect(await detail.isVisible()).toBe(true);
    expect(await page.locator('article.pair-detail:visible').count()).toBe(1);
    expect(await detail.locator('h4').innerText()).toContain(`${HOSTILE_ID} → argv-clean`);
    expect(await detail.locator('p.message').innerText()).toBe(SENTENCE);
    expect(await detail.locator('p.cause-line code').textContent()).toBe('wrong-text');
    const svg = detail.locator('svg.seq');
    expect(await svg.count()).toBe(1);
    expect(await svg.isVisible()).toBe(true);
    expect(await svg.locator('g.arrow').count()).toBe(HOSTILE_TRANSCRIPT.length);
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(50);
  });

  it("shows the student's markup in the pair as text and never runs it", async () => {
    const detail = page.locator('article.pair-detail:visible');
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    // Only the report's own scripts: the sort/filter one and the matrix filter.
    expect(await page.evaluate(() => document.scripts.length)).toBe(2);
    expect(await page.locator('img').count()).toBe(0);
    // The literal markup is what a reader sees, in the sentence and the transcript.
    expect(await detail.innerText()).toContain('<script>window.__pwned=1</script>');
    expect(await detail.innerText()).toContain('<img src=x onerror=window.__pwned=1>');
    expect(await detail.locator('code.wire').allTextContents()).toContain(SENT);
    expect(await detail.locator('svg.seq g.arrow title', { hasText: '<script>window.__pwned=1</script>' }).count()).toBeGreaterThan(0);
    expect(await cell(HOSTILE_ID, 'argv-clean').getAttribute('title')).toContain(HOSTILE);
  });

  it('filters the rows by client and the columns by server', async () => {
    await page.fill('#pairs-filter-client', 'argv-clean');
    expect(await visibleRows()).toEqual(['argv-clean']);
    expect(await matrix().locator('tbody tr[hidden]').count()).toBe(PARTIES.length - 1);
    await page.fill('#pairs-filter-server', 'handout');
    expect(await matrix().locator('thead th.pm-col:visible').allTextContents()).toEqual(['handout-py2']);
    expect(await matrix().locator('tbody tr:not([hidden]) td.pm:visible').count()).toBe(1);
    await page.fill('#pairs-filter-client', '');
    await page.fill('#pairs-filter-server', '');
    expect(await visibleRows()).toEqual(['reference', ...STUDENTS]);
    expect(await matrix().locator('td.pm:visible').count()).toBe(PARTIES.length ** 2);
    await page.screenshot({ path: path.join(SHOTS, 'pairs-matrix.png'), fullPage: true });
  });

  it("shows one student's row and column together, fading every other cell", async () => {
    const faded = () => matrix().locator('td.pm[data-off]').count();
    await page.fill('#pairs-filter-student', 'argv-clean');
    // No row or column is hidden: every client meets the student's server in the student's column.
    expect(await visibleRows()).toEqual(['reference', ...STUDENTS]);
    expect(await matrix().locator('td.pm:visible').count()).toBe(PARTIES.length ** 2);
    // Outside the cross (one row and one column, crossing once), every cell fades.
    expect(await faded()).toBe((PARTIES.length - 1) ** 2);
    for (const other of PARTIES) {
      expect(await cell('argv-clean', other).getAttribute('data-off')).toBeNull();
      expect(await cell(other, 'argv-clean').getAttribute('data-off')).toBeNull();
    }
    expect(await cell(HOSTILE_ID, 'handout-py2').getAttribute('data-off')).toBe('');
    expect(await cell(HOSTILE_ID, 'handout-py2').evaluate((td) => Number(getComputedStyle(td).opacity))).toBeLessThan(0.5);
    // The class stays the verdict, and the two boxes still narrow the cross.
    expect(await cell('argv-clean', 'argv-clean').getAttribute('class')).toBe('pm pm-pass');
    await page.fill('#pairs-filter-server', 'handout');
    expect(await matrix().locator('tbody tr:not([hidden]) td.pm:visible').count()).toBe(PARTIES.length);
    await page.screenshot({ path: path.join(SHOTS, 'pairs-matrix-student.png'), fullPage: true });
    await page.fill('#pairs-filter-server', '');
    await page.fill('#pairs-filter-student', '');
    expect(await faded()).toBe(0);
  });

  it('loaded nothing but its own files', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });
});
