// Root causes through every reporter, from a recorded run: dani's chat server deadlocks on its own
// lock (two checks), edu's never accepts a second client; both carry an unrelated side finding.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExerciseResult, Msg, SubmissionEndEvent } from '../../grader/events.js';
import { causeAnchors } from '../../grader/reporters/html-anchors.js';
import { createGithubReporter } from '../../grader/reporters/github.js';
import { createHtmlReporter } from '../../grader/reporters/html.js';
import { createJsonReporter } from '../../grader/reporters/json.js';
import { createJunitReporter } from '../../grader/reporters/junit.js';
import { createTerminalReporter } from '../../grader/reporters/terminal.js';
import { causeEvents, memoryStream, options, replay, tempDir, testTranslator } from './helpers.js';

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const count = (text: string, needle: string) => text.split(needle).length - 1;
/** One check card of a student page, by check id. */
const card = (page: string, id: string) => page.split(`data-check="${id}"`)[1]!.split('</article>')[0]!;

async function html(lang = 'en') {
  const dir = tempDir();
  await replay(createHtmlReporter(options(dir, { lang })), causeEvents());
  return { index: read(dir, 'index.html'), dani: read(dir, 'students/dani.html'), edu: read(dir, 'students/edu.html') };
}

describe('causes on the student page', () => {
  it('shows a summary line and the cause card before the checks, linked to both checks', async () => {
    const { dani } = await html();
    expect(dani).toContain('<p class="cause-summary">1 cause, 3 failed checks, 1 with no cause found</p>');
    const causes = dani.indexOf('<section class="causes">');
    expect(causes).toBeGreaterThan(0);
    expect(causes).toBeLessThan(dani.indexOf('<h3>Checks</h3>'));
    const cause = dani.split('<article class="cause" id="cause-chat-deadlock" data-cause="deadlock">')[1]!.split('</article>')[0]!;
    expect(cause).toContain('diag.deadlock.self {&quot;lock&quot;:&quot;lock&quot;');
    expect(cause).toContain('<strong>Hint:</strong> diag.deadlock.hint');
    expect(cause).toContain(
      'Explains 2 failed checks: <a href="#check-chat-chat-server-two-clients"><code>chat-server-two-clients</code></a>, ' +
        '<a href="#check-chat-chat-server-broadcast"><code>chat-server-broadcast</code></a>',
    );
    // The link targets exist.
    expect(dani).toContain('<article class="check st-fail" id="check-chat-chat-server-two-clients"');
    expect(dani).toContain('<article class="check st-fail" id="check-chat-chat-server-broadcast"');
  });

  it('links evidence file:line to the source listing, which highlights those lines', async () => {
    const { dani } = await html();
    const cause = dani.split('id="cause-chat-deadlock"')[1]!.split('</article>')[0]!;
    expect(cause).toContain('<li><span class="ev-kind">thread</span> <a href="#src-chat-server-L13"><code>chat_servidor.py:13</code></a> <code class="ev-text">with lock:</code></li>');
    expect(cause).toContain('<span class="ev-kind">holds the lock</span> <a href="#src-chat-server-L27">');
    expect(dani).toContain('<tr id="src-chat-server-L13" class="flagged">');
    expect(dani).toContain('<tr id="src-chat-server-L27" class="flagged">');
  });

  it('links the frames of a traceback in the evidence to the program\'s own source', async () => {
    const events = causeEvents();
    const dani = events.find((e): e is SubmissionEndEvent => e.type === 'submission:end' && e.submissionId === 'dani')!;
    const text = 'Traceback (most recent call last):\n  File "/tmp/run/dani/chat_servidor.py", line 29, in atender\n  File "/usr/lib/python3.12/socket.py", line 233\nOSError: <b>';
    dani.exercises[0]!.diagnostics[0]!.evidence!.push({ kind: 'traceback', text });
    const dir = tempDir();
    await replay(createHtmlReporter(options(dir)), events);
    const page = read(dir, 'students/dani.html');
    expect(page).toContain('<span class="ev-kind">traceback</span><pre class="ev-text">Traceback (most recent call last):\n  <a href="#src-chat-server-L29">File &quot;/tmp/run/dani/chat_servidor.py&quot;, line 29</a>, in atender');
    expect(page).toContain('File &quot;/usr/lib/python3.12/socket.py&quot;, line 233\nOSError: &lt;b&gt;</pre>');
  });

  it('gives a check with a cause a cause line and the cause hint only', async () => {
    const { dani } = await html();
    const twoClients = card(dani, 'chat-server-two-clients');
    expect(twoClients).toContain('<strong>Cause:</strong> <a href="#cause-chat-deadlock"><code>deadlock</code></a> — diag.deadlock.self');
    expect(count(twoClients, '<p class="hint">')).toBe(1);
    expect(twoClients).toContain('<strong>Hint:</strong> diag.deadlock.hint');
    expect(twoClients).not.toContain('chat.chat-server-two-clients.hint');
    // Its own evidence: where the thread sat and what B received.
    expect(twoClients).toContain('<a href="#src-chat-server-L13"><code>chat_servidor.py:13</code></a>');
    expect(twoClients).toContain('<span class="ev-kind">received</span>');
    // The check without a cause keeps its own hint and gets no cause line.
    const utf8 = card(dani, 'chat-client-utf8');
    expect(utf8).not.toContain('Cause:');
    expect(utf8).toContain('<strong>Hint:</strong> chat.chat-client-utf8.hint');
  });

  it('lists side findings in the findings table and causes only on their cards', async () => {
    const { dani } = await html();
    const findings = dani.split('<table class="diagnostics">')[1]!.split('</table>')[0]!;
    expect(findings).toContain('<code>time-limit</code>');
    expect(findings).not.toContain('deadlock');
  });

  it('escapes student bytes in evidence', async () => {
    const { dani } = await html();
    expect(dani).not.toContain('<script>alert');
    expect(dani).toContain('<code class="ev-text">B: &#x27;&lt;script&gt;alert(1)&lt;/script&gt;\\n&#x27;</code>');
  });

  it('speaks Brazilian Portuguese', async () => {
    const { dani } = await html('pt-BR');
    expect(dani).toContain('<p class="cause-summary">1 causa, 3 verificações com falha, 1 sem causa encontrada</p>');
    expect(dani).toContain('Explica 2 verificações com falha:');
    expect(dani).toContain('<strong>Causa:</strong>');
  });

  it('keeps cause ids unique when one code is raised by two programs', () => {
    const d = (program: string) => ({ code: 'stuck', program, message: { key: 'diag.stuck' }, hint: { key: 'diag.stuck.hint' }, checks: ['a'] });
    const x: ExerciseResult = { id: 'chat', status: 'graded', score: 0, points: 0, maxPoints: 1, checks: [], programs: [], diagnostics: [d('server'), d('client'), d('client')] };
    expect([...causeAnchors(x).values()]).toEqual(['cause-chat-stuck', 'cause-chat-stuck-client', 'cause-chat-stuck-client-2']);
  });
});

describe('causes on the class page', () => {
  it('counts the causes linked to each failing check, not a finding that merely co-occurs', async () => {
    const { index } = await html();
    const row = (check: string) => index.split(`<code>chat/${check}</code>`)[1]!.split('</tr>')[0]!;
    // Both submissions also carry time-limit, the most common finding among them, yet it explains nothing.
    expect(row('chat-server-two-clients')).toContain('<td class="causes"><code>deadlock</code> ×1, <code>never-accepts</code> ×1');
    expect(row('chat-server-two-clients')).toContain('<td class="num no-cause"></td>');
    expect(row('chat-server-broadcast')).toContain('<td class="causes"><code>deadlock</code> ×1');
    expect(row('chat-server-broadcast')).toContain('<td class="num no-cause">×1</td>');
    expect(row('chat-client-utf8')).toContain('<td class="causes"></td><td class="num no-cause">×1</td>');
    expect(index.split('class="failed-most"')[1]!.split('</section>')[0]).not.toContain('time-limit');
  });
});

describe('causes in the terminal', () => {
  async function run(quiet = false) {
    const stream = memoryStream();
    await replay(createTerminalReporter(options(tempDir(), { stream, quiet })), causeEvents());
    return stream.text();
  }

  it('tags each failed check with its cause and prints each cause once with its count', async () => {
    const text = await run();
    expect(text).toContain('failed: chat/chat-server-two-clients [deadlock], chat/chat-server-broadcast [deadlock], chat/chat-client-utf8\n');
    const causeLines = text.split('\n').filter((l) => l.includes('↳'));
    expect(causeLines).toHaveLength(2);
    expect(causeLines[0]).toMatch(/^ {4}↳ chat: deadlock explains 2 failed checks: diag\.deadlock\.self \{"lock":"lock"/);
    expect(causeLines[1]).toMatch(/^ {4}↳ chat: never-accepts explains 1 failed check: diag\.never-accepts/);
    expect(count(text, 'diag.deadlock.hint')).toBe(0);
  });

  it('keeps a multi-line cause message on one line', async () => {
    const stream = memoryStream();
    const ui = testTranslator();
    const t = (msg: Msg) => (msg.key === 'diag.deadlock.self' ? 'Alive at the deadline:\nrecv @ a.py:3\n\x1b[31mlock @ a.py:9' : ui(msg));
    await replay(createTerminalReporter(options(tempDir(), { stream, t })), causeEvents());
    expect(stream.text()).toContain(': Alive at the deadline: recv @ a.py:3 · ?[31mlock @ a.py:9\n');
  });

  it('prints no cause when quiet', async () => {
    const text = await run(true);
    expect(text).not.toContain('deadlock');
    expect(text).toContain('graded: 2 · mean 29.2');
  });
});

describe('causes in junit, github and results.json', () => {
  let summary: string | undefined;
  beforeEach(() => {
    summary = process.env.GITHUB_STEP_SUMMARY;
    delete process.env.GITHUB_STEP_SUMMARY;
  });
  afterEach(() => {
    if (summary !== undefined) process.env.GITHUB_STEP_SUMMARY = summary;
  });

  it('puts the cause code and message in the junit failure text', async () => {
    const dir = tempDir();
    await replay(createJunitReporter(options(dir)), causeEvents());
    const xml = read(dir, 'junit.xml');
    const failure = /name="chat-server-two-clients" time="2.412">\s*<failure [^>]*>([^<]*)<\/failure>/.exec(xml)?.[1] ?? '';
    expect(failure).toContain('\nCause: deadlock — diag.deadlock.self {"lock":"lock"');
    expect(failure).toContain("  received: B: '&lt;script&gt;alert(1)&lt;/script&gt;\\n'");
    const noCause = /name="chat-server-broadcast" time="2.290">\s*<failure [^>]*>([^<]*)<\/failure>/.exec(xml)?.[1] ?? '';
    expect(noCause).not.toContain('Cause:');
    expect(xml).not.toContain('<script>');
  });

  it('annotates a failure at its cause, with the cause in the text', async () => {
    const stream = memoryStream();
    const file = path.join(tempDir(), 'summary.md');
    process.env.GITHUB_STEP_SUMMARY = file;
    await replay(createGithubReporter(options(tempDir(), { stream })), causeEvents());
    const lines = stream.text().split('\n');
    const twoClients = lines.find((l) => l.includes('title=chat/chat-server-two-clients::dani'))!;
    expect(twoClients.startsWith('::error file=submissions/dani/chat_servidor.py,line=13,')).toBe(true);
    expect(twoClients).toContain('%0ACause: deadlock — diag.deadlock.self');
    // A cause that does not list a check is not where that check broke.
    expect(lines.find((l) => l.includes('title=chat/chat-server-broadcast::edu'))).toMatch(/^::error file=submissions\/edu\/chat_servidor.py,title=/);
    const md = fs.readFileSync(file, 'utf8');
    expect(md).toContain('| Check | Submissions failing | Causes among them | No cause found |');
    expect(md).toContain('| chat/chat-server-two-clients | 2 | `deadlock` ×1, `never-accepts` ×1 |  |');
    expect(md).toContain('| chat/chat-server-broadcast | 2 | `deadlock` ×1 | ×1 |');
  });

  it('keeps cause, evidence and explained checks in results.json', async () => {
    const dir = tempDir();
    await replay(createJsonReporter(options(dir)), causeEvents());
    const doc = JSON.parse(read(dir, 'results.json'));
    expect(doc.schemaVersion).toBe(1);
    const chat = doc.submissions[0].exercises[0];
    const check = chat.checks.find((c: { id: string }) => c.id === 'chat-server-two-clients');
    expect(check.cause).toBe('deadlock');
    expect(check.hint).toMatch(/^diag\.deadlock\.hint /);
    expect(check.evidence).toEqual([
      { kind: 'thread', text: 'with lock:', file: 'chat_servidor.py', line: 13 },
      { kind: 'received', text: "B: '<script>alert(1)</script>\\n'", file: null, line: null },
    ]);
    expect(chat.checks.find((c: { id: string }) => c.id === 'chat-client-utf8')).toMatchObject({ cause: null, evidence: [] });
    expect(chat.diagnostics[0]).toMatchObject({
      code: 'deadlock',
      message: expect.stringMatching(/^diag\.deadlock\.self \{"lock":"lock"/),
      checks: ['chat-server-two-clients', 'chat-server-broadcast'],
      evidence: [
        { kind: 'thread', text: 'with lock:', file: 'chat_servidor.py', line: 13 },
        { kind: 'holder', text: 'with lock:', file: 'chat_servidor.py', line: 27 },
      ],
    });
    expect(chat.diagnostics[1]).toMatchObject({ code: 'time-limit', checks: [], evidence: [] });
  });
});
