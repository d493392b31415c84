// The interop matrix (grade --pairs) in every reporter that shows it: model, HTML, terminal, JSON, locales.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeEvent, Msg, PairResult, TranscriptEntry } from '../../grader/events.js';
import { summarize } from '../../grader/log/summary.js';
import { createHtmlReporter } from '../../grader/reporters/html.js';
import { buildResults, createJsonReporter, resultsText } from '../../grader/reporters/json.js';
import { buildPairs, pairsText } from '../../grader/reporters/json-pairs.js';
import { pairMatrices, pairStandings } from '../../grader/reporters/pairs-model.js';
import { createTerminalReporter } from '../../grader/reporters/terminal.js';
import { decodeEvents, memoryStream, options, replay, root, sampleEvents, tempDir } from './helpers.js';

const REF = '@reference';
const BOB_NAME = 'Bob <script>alert("name")</script>';
const WIRE = 'Ola <script>alert(3)</script>';

/** The real ui catalog plus pairs-ui.json; other keys render as `key {params}` so tests see params. */
function pairsTranslator(lang = 'en'): (msg: Msg) => string {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, 'reports/locales', lang, file), 'utf8')) as Record<string, string>;
  const catalog = { ...read('ui.json'), ...read('pairs-ui.json') };
  return (msg) => {
    const template = catalog[msg.key];
    if (template === undefined) return `${msg.key} ${JSON.stringify(msg.params ?? {})}`;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (msg.params && name in msg.params ? String(msg.params[name]) : whole));
  };
}

const transcript: TranscriptEntry[] = [
  { t: 0, from: 'grader', to: 'server', kind: 'connect', text: '127.0.0.1:5000' },
  { t: 1, from: 'R', to: 'server', kind: 'connect', text: '' },
  { t: 3, from: 'client', to: 'server', kind: 'send', text: WIRE },
  { t: 5, from: 'server', to: 'server', kind: 'stdout', text: 'got it' },
  { t: 2000, from: 'server', to: 'client', kind: 'expect', text: 'Ola\n', missed: true },
];

function pair(exercise: string, client: string, server: string, verdict: PairResult['verdict'], extra: Partial<PairResult> = {}): GradeEvent {
  return { type: 'pair:end', pair: { exercise, client, server, verdict, durationMs: 40, transcript: [], ...extra } };
}

/**
 * Three students and the reference. tcp-hello (4×4): carol→bob was never run (sampled), carol→carol
 * ran as not-run, alice→bob is a disagreement, alice→carol worked only through the relay.
 * chat (2×2, no reference): bob's client disagrees with both servers.
 */
function pairEvents(): GradeEvent[] {
  const student = (id: string, name: string) => ({ id, path: `s/${id}`, student: { id, name, layout: 'folders' as const } });
  return [
    {
      type: 'run:begin', logVersion: 2, runId: 'r1', startedAt: '2025-03-14T13:05:00.000Z', tool: { name: 'sockgrade', version: '0.1.0' },
      settings: { exercises: ['tcp-hello', 'chat'], jobs: 1, timeoutScale: 1, python: 'python3', pythonVersion: '3.12', lang: 'en' },
      isolation: { tier: 'full', mechanisms: [], missing: [] },
      submissions: [student('alice', 'Alice Souza'), student('bob', BOB_NAME), student('carol', 'Carol')],
    },
    pair('tcp-hello', REF, 'alice', 'pass'),
    pair('tcp-hello', REF, 'bob', 'pass'),
    // carol's server fails the reference, so bob→carol failing is carol's fault, not a disagreement.
    pair('tcp-hello', REF, 'carol', 'fail', { cause: 'server-prints-message' }),
    pair('tcp-hello', 'alice', REF, 'pass'),
    pair('tcp-hello', 'bob', REF, 'pass'),
    pair('tcp-hello', 'carol', REF, 'fail', { cause: 'no-newline' }),
    pair('tcp-hello', 'alice', 'alice', 'pass'),
    pair('tcp-hello', 'alice', 'bob', 'fail', {
      cause: 'no-newline', disagreement: true, transcript,
      message: { key: 'pair.no-newline', params: { text: '<script>alert(2)</script>' } },
    }),
    pair('tcp-hello', 'alice', 'carol', 'relay', { relay: { clientPort: 5000, serverPort: 6000 } }),
    pair('tcp-hello', 'bob', 'alice', 'pass'),
    pair('tcp-hello', 'bob', 'bob', 'pass'),
    pair('tcp-hello', 'bob', 'carol', 'fail', { cause: 'port-mismatch' }),
    pair('tcp-hello', 'carol', 'alice', 'pass'),
    pair('tcp-hello', 'carol', 'carol', 'not-run'),
    pair('chat', 'alice', 'alice', 'pass'),
    pair('chat', 'alice', 'bob', 'pass'),
    pair('chat', 'bob', 'alice', 'fail', { disagreement: true }),
    pair('chat', 'bob', 'bob', 'fail', { disagreement: true }),
    { type: 'run:end', durationMs: 1000, interrupted: false },
  ];
}

const TCP_LINE = 'tcp-hello pairs: 4/7 work, 1 only through a relay, 2 not run; 1 disagreement cell';
const CHAT_LINE = 'chat pairs: 2/4 work; 2 disagreement cells';
const ALICE_LINE = 'As a client: 1/3 servers; as a server: 2/3 clients; 1 only through a relay';

const unescape = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&amp;/g, '&');

async function renderHtml(events: GradeEvent[], lang = 'en') {
  const dir = tempDir();
  await replay(createHtmlReporter(options(dir, { lang, t: pairsTranslator(lang) })), events);
  const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
  return { index: read('index.html'), page: (id: string) => read(`students/${id}.html`) };
}

/** One matrix of the index as a grid: row name → column index → the cell's class, title and content. */
function grid(index: string, anchor: string) {
  const table = new RegExp(`<section class="pair-exercise" id="${anchor}"[^]*?</table>`).exec(index)?.[0] ?? '';
  const servers = [...table.matchAll(/<th class="pm-col[^"]*" data-col="(\d+)" data-name="[^"]*" title="([^"]*)">/g)].map((m) => unescape(m[2]!));
  const rows = new Map<string, { cls: string; title: string; inner: string }[]>();
  for (const row of table.matchAll(/<tr data-name="[^"]*"[^>]*><th class="pm-row" title="([^"]*)">[^<]*<\/th>([^]*?)<\/tr>/g)) {
    const cells = [...row[2]!.matchAll(/<td class="pm ([^"]+)" data-col="\d+" title="([^"]*)">([^]*?)<\/td>/g)];
    rows.set(unescape(row[1]!), cells.map((c) => ({ cls: c[1]!, title: unescape(c[2]!), inner: c[3]! })));
  }
  const cell = (client: string, server: string) => rows.get(client)?.[servers.indexOf(server)];
  return { servers, rows, cell };
}

describe('pairs model', () => {
  const run = summarize(decodeEvents(pairEvents()));

  it('puts the reference first and names every row and column', () => {
    const [tcp, chat] = pairMatrices(run, 'reference');
    expect(tcp!.exercise).toBe('tcp-hello');
    expect(tcp!.clients.map((c) => c.name)).toEqual(['reference', 'Alice Souza', BOB_NAME, 'Carol']);
    expect(tcp!.servers.map((c) => c.id)).toEqual([REF, 'alice', 'bob', 'carol']);
    expect(chat!.clients.map((c) => c.id)).toEqual(['alice', 'bob']);
  });

  it('counts student × student cells, an unmet pair as not run', () => {
    const [tcp, chat] = pairMatrices(run);
    expect(tcp!.counts).toEqual({ works: 4, relay: 1, failed: 2, notRun: 2, total: 9, disagreements: 1 });
    expect(chat!.counts).toEqual({ works: 2, relay: 0, failed: 2, notRun: 0, total: 4, disagreements: 2 });
    const carolBob = tcp!.cells[3]![2]!;
    expect(carolBob).toEqual({ client: 'carol', server: 'bob', verdict: 'not-run', disagreement: false });
    expect(tcp!.cells[1]![2]).toMatchObject({ client: 'alice', server: 'bob', verdict: 'fail', disagreement: true });
  });

  it('tallies each student against classmates only, relay apart from passed', () => {
    const s = pairStandings(run);
    expect(s.get('alice')).toEqual({ asClient: { passed: 1, relay: 1, total: 3 }, asServer: { passed: 2, relay: 0, total: 3 } });
    expect(s.get('bob')).toEqual({ asClient: { passed: 1, relay: 0, total: 3 }, asServer: { passed: 1, relay: 0, total: 2 } });
    expect(s.get('carol')).toEqual({ asClient: { passed: 1, relay: 0, total: 1 }, asServer: { passed: 0, relay: 1, total: 2 } });
    expect(s.has(REF)).toBe(false);
  });
});

describe('pairs in the html report', () => {
  it('draws a matrix per exercise with coloured, hoverable cells', async () => {
    const { index } = await renderHtml(pairEvents());
    const tcp = grid(index, 'pairs-0');
    expect(tcp.servers).toEqual(['reference', 'Alice Souza', BOB_NAME, 'Carol']);
    expect([...tcp.rows.keys()]).toEqual(['reference', 'Alice Souza', BOB_NAME, 'Carol']);
    expect([...tcp.rows.values()].map((r) => r.length)).toEqual([4, 4, 4, 4]);
    expect(tcp.cell('Alice Souza', 'Alice Souza')!.cls).toBe('pm-pass');
    expect(tcp.cell('Carol', 'reference')!.title).toBe('Carol → reference: fails\n[no-newline]');
    expect(tcp.cell('Bob <script>alert("name")</script>', 'Carol')!.cls).toBe('pm-fail');
    // An absent ref × ref cell whose programs both took part is grey too.
    expect(tcp.cell('reference', 'reference')!.cls).toBe('pm-not-run');
    const chat = grid(index, 'pairs-1');
    expect(chat.servers).toEqual(['Alice Souza', BOB_NAME]);
  });

  it('greys a pair never run, with no link to open', async () => {
    const { index } = await renderHtml(pairEvents());
    const cell = grid(index, 'pairs-0').cell('Carol', BOB_NAME)!;
    expect(cell.cls).toBe('pm-not-run');
    expect(cell.title).toBe(`Carol → ${BOB_NAME}: not run`);
    expect(cell.inner).toBe('·');
    // Carol's own pair ran as not-run: grey, but it has a detail.
    expect(grid(index, 'pairs-0').cell('Carol', 'Carol')!.inner).toMatch(/^<a href="#pairs-0-3-3">·<\/a>$/);
  });

  it('flags disagreements with an outline and ⚑, and explains them on hover', async () => {
    const { index } = await renderHtml(pairEvents());
    const cell = grid(index, 'pairs-0').cell('Alice Souza', BOB_NAME)!;
    expect(cell.cls).toBe('pm-fail pm-dis');
    expect(cell.inner).toBe('<a href="#pairs-0-1-2">✗⚑</a>');
    expect(cell.title).toContain('⚑ Disagreement: both programs pass against the reference, yet fail together.');
    expect(cell.title).toContain('pair.no-newline {"text":"<script>alert(2)</script>"} [no-newline]');
    expect((index.match(/<td class="pm [^"]*pm-dis"/g) ?? []).length).toBe(3);
    expect(index).toMatch(/\.pm-dis \{[^}]*box-shadow: inset 0 0 0 2px/);
  });

  it('shows a relay in amber with the two ports', async () => {
    const { index } = await renderHtml(pairEvents());
    const cell = grid(index, 'pairs-0').cell('Alice Souza', 'Carol')!;
    expect(cell.cls).toBe('pm-relay');
    expect(cell.inner).toBe('<a href="#pairs-0-1-3">⇄</a>');
    const ports = 'The client dialled port 5000 while the server listened on port 6000: the two programs must agree on one port.';
    expect(cell.title).toBe(`Alice Souza → Carol: worked only through a relay\n${ports}`);
    expect(index).toContain(`<p class="pair-relay">⇄ ${ports}</p>`);
    expect(index).toMatch(/\.pm-relay \{ background: #ffe082;/);
  });

  it('puts the summary line above each matrix', async () => {
    const { index } = await renderHtml(pairEvents());
    expect(index).toContain(`<p class="pairs-summary">${TCP_LINE}</p>`);
    expect(index).toContain(`<p class="pairs-summary">${CHAT_LINE}</p>`);
    expect(index.indexOf(TCP_LINE)).toBeLessThan(index.indexOf('<table class="pair-matrix">'));
  });

  it('opens a pair detail by :target, with its sequence diagram on client, server, R and grader lanes', async () => {
    const { index } = await renderHtml(pairEvents());
    const detail = /<article class="pair-detail pv-fail pair-dis" id="pairs-0-1-2">[^]*?<\/article>/.exec(index)?.[0] ?? '';
    expect(detail).toContain('Alice Souza → Bob &lt;script&gt;');
    const svg = /<svg class="seq"[^]*?<\/svg>/.exec(detail)?.[0] ?? '';
    const lanes = [...svg.matchAll(/<g class="lane">.*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(lanes).toEqual(['client', 'server', 'R', 'grader']);
    expect((svg.match(/class="arrow"/g) ?? []).length).toBe(transcript.length);
    expect(svg).toContain('data-missed="true"');
    expect(detail).toContain('<code class="wire">Ola &lt;script&gt;alert(3)&lt;/script&gt;</code>');
    // Every linked cell has its detail, and the detail is hidden until targeted.
    const links = [...index.matchAll(/<td class="pm [^"]*" data-col="\d+" title="[^"]*"><a href="#([^"]+)">/g)].map((m) => m[1]!);
    expect(links).toHaveLength(18);
    for (const id of links) expect(index).toMatch(new RegExp(`<article class="pair-detail[^"]*" id="${id}">`));
    expect(index).toMatch(/\.pair-detail \{ display: none;/);
    expect(index).toContain('.pair-detail:target { display: block; }');
  });

  it('escapes a student name and transcript text everywhere on the index', async () => {
    const { index } = await renderHtml(pairEvents());
    expect(index).not.toContain('<script>alert("name")');
    expect(index).not.toContain('<script>alert(3)');
    expect(index).not.toContain('<script>alert(2)');
    expect(index).toContain('Bob &lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(index).toContain('data-name="bob &lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; bob"');
    // Only the report's own scripts remain: the sort/filter one and the matrix filter.
    expect((index.match(/<script>/g) ?? []).length).toBe(2);
  });

  it('keeps the header row and the name column sticky and offers a filter for rows and columns', async () => {
    const { index } = await renderHtml(pairEvents());
    expect(index).toMatch(/table\.pair-matrix thead th \{ position: sticky; top: 0;/);
    expect(index).toMatch(/table\.pair-matrix tbody th \{ position: sticky; left: 0;/);
    expect(index).toContain('<input type="search" id="pairs-filter-client" placeholder="Filter clients (rows)…"');
    expect(index).toContain('<input type="search" id="pairs-filter-server" placeholder="Filter servers (columns)…"');
    expect(index).toContain("document.getElementById('pairs-filter-client')");
    expect(index).not.toMatch(/<(link|script) [^>]*(href|src)=/);
  });

  it("offers a student filter that keeps that student's row and column together, in en and pt-BR", async () => {
    const { index } = await renderHtml(pairEvents());
    const filter = /<p class="pairs-filter">([^]*?)<\/p>/.exec(index)![1]!;
    // The student box first, then the two boxes for rows and columns.
    expect([...filter.matchAll(/id="(pairs-filter-[a-z]+)"/g)].map((m) => m[1])).toEqual(['pairs-filter-student', 'pairs-filter-client', 'pairs-filter-server']);
    expect(filter).toContain('<input type="search" id="pairs-filter-student" placeholder="Show one student: row and column…" aria-label="Show one student: row and column…">');
    expect(index).toContain("document.getElementById('pairs-filter-student')");
    // It fades the cells outside the cross by an attribute, so a cell's class stays its verdict.
    expect(index).toContain("mark(td, 'data-off', student !== '' && !own && !mine[col])");
    expect(index).toMatch(/td\.pm\[data-off\] \{ opacity: \.15; \}/);
    // Every row and column header carries the name the filter matches.
    expect((index.match(/<tr data-name="/g) ?? []).length).toBe((index.match(/<th class="pm-col[^"]*" data-col="\d+" data-name="/g) ?? []).length);
    const pt = JSON.parse(fs.readFileSync(path.join(root, 'reports/locales/pt-BR/pairs-ui.json'), 'utf8')) as Record<string, string>;
    expect(pt['pairs.filter.student']).toBe('Mostrar um aluno: linha e coluna…');
  });

  it('leaves the section out of a run without pairs', async () => {
    const { index, page } = await renderHtml(sampleEvents());
    expect(index).not.toContain('id="pairs"');
    expect(index).not.toContain('pairs-filter-client');
    expect(index).not.toContain('pairs-filter-student');
    expect(page('alice')).not.toContain('pairs-standing');
  });

  it("says on a student's page how their programs fared against classmates", async () => {
    const { page } = await renderHtml(pairEvents());
    expect(page('alice')).toContain(`<p class="pairs-standing">${ALICE_LINE}</p>`);
    expect(page('bob')).toContain('<p class="pairs-standing">As a client: 1/3 servers; as a server: 1/2 clients</p>');
  });

  it('speaks Brazilian Portuguese', async () => {
    const { index, page } = await renderHtml(pairEvents(), 'pt-BR');
    expect(index).toContain('<h2>Matriz de interoperabilidade</h2>');
    expect(index).toContain('<p class="pairs-summary">tcp-hello: 4/7 pares funcionam, 1 só por um relay, 2 não executados; 1 célula de desacordo</p>');
    const tcp = grid(index, 'pairs-0');
    expect(tcp.servers[0]).toBe('referência');
    expect(tcp.cell('Carol', BOB_NAME)!.title).toBe(`Carol → ${BOB_NAME}: não executado`);
    expect(tcp.cell('Alice Souza', 'Carol')!.title).toContain('funcionou só por um relay');
    expect(page('alice')).toContain('Como cliente: 1/3 servidores; como servidor: 2/3 clientes; 1 só por um relay');
  });
});

describe('pairs in the terminal summary', () => {
  async function terminal(events: GradeEvent[], lang = 'en') {
    const stream = memoryStream();
    await replay(createTerminalReporter(options(tempDir(), { stream, lang, t: pairsTranslator(lang) })), events);
    return stream.text().split('\n');
  }

  it('prints one line per exercise with pairs, after the run summary', async () => {
    const lines = await terminal(pairEvents());
    const at = lines.findIndex((l) => l.startsWith('graded: '));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines.slice(at + 1, at + 3)).toEqual([TCP_LINE, CHAT_LINE]);
  });

  it('prints no pairs line for a run without pairs', async () => {
    const lines = await terminal(sampleEvents());
    expect(lines.filter((l) => l.includes('pairs'))).toEqual([]);
  });

  it('localises the line', async () => {
    const lines = await terminal(pairEvents(), 'pt-BR');
    expect(lines).toContain('chat: 2/4 pares funcionam; 2 células de desacordo');
  });
});

describe('pairs in the json reporter', () => {
  async function json(events: GradeEvent[]) {
    const dir = tempDir();
    await replay(createJsonReporter(options(dir, { t: pairsTranslator() })), events);
    const read = (f: string) => (fs.existsSync(path.join(dir, f)) ? JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) : undefined);
    return { results: read('results.json'), pairs: read('pairs.json') };
  }

  it('writes pairs.json with each exercise and every pair', async () => {
    const { pairs } = await json(pairEvents());
    expect(pairs.schemaVersion).toBe(1);
    expect(pairs.exercises.map((x: { exercise: string }) => x.exercise)).toEqual(['tcp-hello', 'chat']);
    expect(pairs.exercises[0].clients[0]).toEqual({ id: REF, name: 'reference' });
    expect(pairs.exercises[0].servers[2]).toEqual({ id: 'bob', name: BOB_NAME });
    expect(pairs.exercises[0].counts).toEqual({ works: 4, relay: 1, failed: 2, notRun: 2, total: 9, disagreements: 1 });
    expect(pairs.pairs).toHaveLength(18);
    const ab = pairs.pairs.find((p: PairResult) => p.exercise === 'tcp-hello' && p.client === 'alice' && p.server === 'bob');
    expect(ab).toMatchObject({
      verdict: 'fail', cause: 'no-newline', disagreement: true, relay: null, durationMs: 40,
      message: 'pair.no-newline {"text":"<script>alert(2)</script>"}',
      msg: { key: 'pair.no-newline', params: { text: '<script>alert(2)</script>' } },
    });
    expect(ab.transcript[4]).toEqual({ t: 2000, from: 'server', to: 'client', kind: 'expect', text: 'Ola\n', note: null, missed: true });
    const relay = pairs.pairs.find((p: PairResult) => p.verdict === 'relay');
    expect(relay.relay).toEqual({ clientPort: 5000, serverPort: 6000 });
  });

  it("adds each submission's standing to results.json", async () => {
    const { results } = await json(pairEvents());
    const byId = Object.fromEntries(results.submissions.map((s: { id: string; pairs: unknown }) => [s.id, s.pairs]));
    expect(byId.alice).toEqual({ asClient: { passed: 1, relay: 1, total: 3 }, asServer: { passed: 2, relay: 0, total: 3 } });
    expect(byId.carol).toEqual({ asClient: { passed: 1, relay: 0, total: 1 }, asServer: { passed: 0, relay: 1, total: 2 } });
  });

  it('writes neither pairs.json nor a pairs field without pairs', async () => {
    const { results, pairs } = await json(sampleEvents());
    expect(pairs).toBeUndefined();
    expect(results.submissions.length).toBeGreaterThan(0);
    for (const s of results.submissions) expect(s).not.toHaveProperty('pairs');
  });

  it('streams the same text as the whole documents', () => {
    const run = summarize(decodeEvents(pairEvents()));
    const t = pairsTranslator();
    expect([...pairsText(run, t, 'en')].join('')).toBe(JSON.stringify(buildPairs(run, t, 'en'), null, 2) + '\n');
    expect([...pairsText(run, t, 'en')]).toHaveLength(run.pairs.length + 2);
    expect([...resultsText(run, t, 'en')].join('')).toBe(JSON.stringify(buildResults(run, t, 'en'), null, 2) + '\n');
  });
});

describe('pairs locale strings', () => {
  const load = (lang: string) =>
    JSON.parse(fs.readFileSync(path.join(root, 'reports/locales', lang, 'pairs-ui.json'), 'utf8')) as Record<string, string>;
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has the same keys and placeholders in en and pt-BR, with accents where Portuguese has them', () => {
    const en = load('en');
    const pt = load('pt-BR');
    expect(Object.keys(pt).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(placeholders(pt[key]!), key).toEqual(placeholders(en[key]!));
    expect(pt['pairs.verdict.not-run']).toBe('não executado');
    expect(pt['pairs.summary.disagreements.many']).toBe('{count} células de desacordo');
  });

  it('defines every pairs key the reporters and templates use, and nothing else', () => {
    const files = [
      ...fs.readdirSync(path.join(root, 'grader/reporters')).filter((f) => f.endsWith('.ts')).map((f) => path.join(root, 'grader/reporters', f)),
      ...fs.readdirSync(path.join(root, 'reports/templates/partials')).map((f) => path.join(root, 'reports/templates/partials', f)),
      path.join(root, 'reports/templates/index.hbs'),
      path.join(root, 'reports/templates/student.hbs'),
    ];
    const used = new Set<string>();
    for (const file of files) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/["'`](pairs\.[A-Za-z0-9_.-]+)/g)) {
        const key = m[1]!;
        // pairs.json is a file name, not a key.
        if (key === 'pairs.json') continue;
        if (key === 'pairs.verdict.') for (const v of ['pass', 'fail', 'relay', 'not-run']) used.add(key + v);
        else used.add(key);
      }
    }
    const en = load('en');
    expect(used.size).toBeGreaterThan(15);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
    expect(Object.keys(en).filter((k) => !used.has(k))).toEqual([]);
  });
});
