import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeEvent, RunBeginEvent, SubmissionEndEvent } from '../../grader/events.js';
import { createHtmlReporter } from '../../grader/reporters/html.js';
import { HOSTILE_ID, options, replay, resultOf, sampleEvents, tempDir } from './helpers.js';

async function render(events: GradeEvent[], lang = 'en') {
  const dir = tempDir();
  await replay(createHtmlReporter(options(dir, { lang })), events);
  const index = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  // The index is the only way to find a student's page, so tests follow its links.
  const pageOf = (id: string) => {
    const esc = id.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/=/g, '&#x3D;').replace(/</g, '&lt;');
    const href = new RegExp(`<a href="(students/[^"]+)">${esc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</a>`).exec(index)?.[1];
    if (!href) throw new Error(`no link for ${id}`);
    return fs.readFileSync(path.join(dir, href), 'utf8');
  };
  return { dir, index, pageOf };
}

const count = (text: string, needle: string) => text.split(needle).length - 1;
const entriesOf = (r: SubmissionEndEvent) => r.exercises.flatMap((x) => x.checks.flatMap((c) => c.transcript));

describe('html reporter', () => {
  it('writes an index and one uniquely, safely named page per student', async () => {
    const { dir } = await render(sampleEvents());
    const files = fs.readdirSync(path.join(dir, 'students')).sort();
    expect(files).toHaveLength(3);
    for (const f of files) expect(f).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*\.html$/);
    expect(files).toContain('alice.html');
  });

  it('escapes the hostile output on the student page', async () => {
    const bob = (await render(sampleEvents())).pageOf('bob');
    expect(bob).not.toContain('<script>alert');
    expect(bob).not.toContain('<img src=x');
    expect(bob).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(bob).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('escapes a hostile submission id everywhere', async () => {
    const { index, pageOf } = await render(sampleEvents());
    const escaped = '&#x3D;HYPERLINK(&quot;http://evil.example&quot;,&quot;carol, c&quot;)';
    expect(index).toContain(escaped);
    expect(index).not.toContain(HOSTILE_ID);
    expect(pageOf(HOSTILE_ID)).toContain(`<h1>${escaped}</h1>`);
  });

  it('draws one arrow per transcript entry, missed ones red and dashed', async () => {
    const events = sampleEvents();
    const { pageOf } = await render(events);
    for (const id of ['alice', 'bob', HOSTILE_ID]) {
      const page = pageOf(id);
      const entries = entriesOf(resultOf(events, id));
      expect(count(page, 'class="arrow"')).toBe(entries.length);
      expect(count(page, 'data-kind="stdout"')).toBe(entries.filter((e) => e.kind === 'stdout').length);
      expect(count(page, 'data-missed="true"')).toBe(entries.filter((e) => e.missed).length);
    }
    const missed = /<g class="arrow" data-kind="expect" data-missed="true">[^]*?<\/g>/.exec(pageOf('alice'))?.[0] ?? '';
    expect(missed).toContain('stroke="#c62828" stroke-dasharray');
    expect(missed).toContain('<title>+2025ms student → C (expect)');
  });

  it('gives a lane to the student, each peer and the grader', async () => {
    const page = (await render(sampleEvents())).pageOf('alice');
    const chatSvg = /<svg class="seq"[^]*?<\/svg>/g;
    const svgs = page.match(chatSvg) ?? [];
    const disconnect = svgs.find((s) => s.includes('+2025ms')) ?? '';
    const lanes = [...disconnect.matchAll(/<g class="lane">.*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(lanes).toEqual(['student', 'A', 'B', 'C']);
    const first = svgs[0] ?? '';
    expect([...first.matchAll(/<g class="lane">.*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual(['student', 'grader']);
  });

  it('links traceback frames of the student file to its source lines, not library frames', async () => {
    const bob = (await render(sampleEvents())).pageOf('bob');
    expect(bob).toContain('<a href="#src-tcp-hello-server-L7">File &quot;/tmp/sockgrade-run/bob/tcp/server.py&quot;, line 7</a>');
    expect(bob).toContain('id="src-tcp-hello-server-L7"');
    expect(bob).not.toContain('-L233"');
    // The diagnostic's file:line links to the same place.
    expect(bob).toContain('<a href="#src-tcp-hello-server-L7"><code>tcp/server.py:7</code></a>');
  });

  it('shows programs, diagnostics, hints and the missing exercise', async () => {
    const { pageOf } = await render(sampleEvents());
    const alice = pageOf('alice');
    expect(alice).toContain('choice.alias {&quot;file&quot;:&quot;servidor.py&quot;,&quot;role&quot;:&quot;server&quot;}');
    expect(alice).toContain('<code>busy-loop-on-close</code>');
    expect(alice).toContain('note.busy-loop {&quot;cpu&quot;:99}');
    const bob = pageOf('bob');
    expect(bob).toMatch(/id="ex-chat"[^]*?<span class="badge st-missing">missing<\/span>/);
  });

  it('builds the class overview: histogram, failures, sortable table', async () => {
    const { index } = await render(sampleEvents());
    expect(count(index, '<g class="bar">')).toBe(10);
    // 33.3 and 37.5 share the 30–40 bucket.
    expect(index).toContain('<title>Scores from 30 to 40: 2</title>');
    // The check names no cause, so the finding that merely shares its submission is not shown as one.
    expect(index).toContain('<code>chat/handles-disconnect</code><br><span class="ex-title">chat</span></td><td class="num">1</td><td class="causes"></td><td class="num no-cause">×1</td>');
    expect(index).not.toContain('<code>busy-loop-on-close</code>');
    expect(index).toContain('<input type="search" id="filter"');
    expect(count(index, '<th data-type=')).toBe(4);
    expect(index).toContain('<td class="num total sc-part" data-sort="87.5">87.5</td>');
    expect(index).toContain('reference peer B crashed: write EPIPE');
    expect(index).not.toContain('class="warning isolation-warning"');
    // No student string may reach the inline script.
    const script = /<script>([^]*?)<\/script>/.exec(index)?.[1] ?? '';
    expect(script).not.toMatch(/alice|bob|HYPERLINK/);
    expect(count(index, '<script')).toBe(1);
  });

  it('names exercises by their locale title, falling back to the id', async () => {
    const dir = tempDir();
    const t = (msg: { key: string }) => (msg.key === 'exercise.tcp-hello.title' ? 'Atividade 1 <TCP>' : msg.key);
    await replay(createHtmlReporter(options(dir, { t })), sampleEvents());
    const index = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    expect(index).toContain('<th data-type="number" class="ex"><button type="button">Atividade 1 &lt;TCP&gt;</button></th>');
    expect(index).toContain('<th data-type="number" class="ex"><button type="button">chat</button></th>');
    const alice = fs.readFileSync(path.join(dir, 'students/alice.html'), 'utf8');
    expect(alice).toContain('<h2>Atividade 1 &lt;TCP&gt; <span class="score');
  });

  it('colours scores by what was earned and highlights the lines a finding points at', async () => {
    const { index, pageOf } = await render(sampleEvents());
    expect(index).toContain('<td class="num total sc-part" data-sort="87.5">87.5</td>');
    expect(pageOf('bob')).toContain('<tr id="src-tcp-hello-server-L7" class="flagged">');
  });

  it('ends the diagram of a failed check with the reason when no entry was marked missed', async () => {
    const events = sampleEvents();
    const bob = resultOf(events, 'bob');
    const failed = bob.exercises.flatMap((x) => x.checks).find((c) => c.transcript.length > 0 && !c.transcript.some((e) => e.missed))!;
    failed.status = 'fail';
    failed.message = { key: 'custom' };
    const dir = tempDir();
    const t = (msg: { key: string }) => (msg.key === 'custom' ? 'Expected <b>no</b> markup' : msg.key);
    await replay(createHtmlReporter(options(dir, { t })), events);
    const page = fs.readFileSync(path.join(dir, 'students/bob.html'), 'utf8');
    const article = page.split(`data-check="${failed.id}"`)[1]!.split('</article>')[0]!;
    expect(article).toContain('<g class="verdict"><title>Expected &lt;b&gt;no&lt;/b&gt; markup</title>');
    expect(count(article, 'class="arrow"')).toBe(failed.transcript.length);
    // A check whose missed entry already shows where it broke gets no second marker.
    const alice = (await render(sampleEvents())).pageOf('alice');
    const withMissed = alice.split('<article').filter((a) => a.includes('data-missed="true"'));
    expect(withMissed.length).toBeGreaterThan(0);
    for (const a of withMissed) expect(a).not.toContain('class="verdict"');
  });

  it('folds the diagrams of passing checks and opens the failing ones', async () => {
    const alice = (await render(sampleEvents())).pageOf('alice');
    const articles = alice.split('<article class="check ').slice(1);
    for (const a of articles.filter((x) => x.includes('<details class="conversation"'))) {
      expect(a.includes('<details class="conversation" open>'), a.slice(0, 60)).toBe(!a.startsWith('st-pass'));
    }
  });

  it('warns visibly when isolation is not full', async () => {
    const events = sampleEvents();
    const begin = events[0] as RunBeginEvent;
    begin.isolation = { tier: 'partial', mechanisms: [{ name: 'bwrap', ok: false, detail: 'not installed' }], missing: ['bwrap'] };
    const { index } = await render(events);
    expect(index).toContain('class="warning isolation-warning" role="alert"');
    expect(index).toContain('Isolation tier: partial.');
  });

  it('renders in Brazilian Portuguese', async () => {
    const { index, pageOf } = await render(sampleEvents(), 'pt-BR');
    expect(index).toContain('<html lang="pt-BR">');
    expect(index).toContain('Relatório de correção');
    expect(pageOf('bob')).toContain('não entregue');
    // The harness's lane, kind and role names are words of the page too; peers keep their names.
    const alice = pageOf('alice');
    expect(alice).toContain('text-anchor="middle">aluno</text>');
    expect(alice).toContain('text-anchor="middle">A</text>');
    expect(alice).toContain('<td>conecta</td>');
    expect(alice).toContain('programa servidor');
  });

  it('keeps index.html under 2 MB for 400 students', async () => {
    const events = sampleEvents();
    const begin = events[0] as RunBeginEvent;
    const template = resultOf(events, 'alice');
    const many: GradeEvent[] = [{ ...begin, submissions: [] }];
    for (let i = 0; i < 400; i++) {
      const id = `aluno-${String(i).padStart(3, '0')}-com-um-nome-bem-comprido`;
      many.push({ ...template, submissionId: id, path: `submissions/${id}`, score: i % 101 });
    }
    many.push({ type: 'run:end', durationMs: 1, interrupted: false });
    const { dir, index } = await render(many);
    expect(fs.readdirSync(path.join(dir, 'students'))).toHaveLength(400);
    expect(Buffer.byteLength(index)).toBeLessThan(2 * 1024 * 1024);
    expect(count(index, '<tr><td data-sort=')).toBe(400);
  });
});
