import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithubReporter } from '../../grader/reporters/github.js';
import { escapeData, escapeProperty } from '../../grader/reporters/github-commands.js';
import { mdCell } from '../../grader/reporters/github-summary.js';
import { HOSTILE_ID, memoryStream, options, replay, sampleEvents, tempDir } from './helpers.js';

let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = { summary: process.env.GITHUB_STEP_SUMMARY, workspace: process.env.GITHUB_WORKSPACE };
  delete process.env.GITHUB_STEP_SUMMARY;
  delete process.env.GITHUB_WORKSPACE;
});
afterEach(() => {
  for (const [key, env] of [['summary', 'GITHUB_STEP_SUMMARY'], ['workspace', 'GITHUB_WORKSPACE']] as const) {
    if (saved[key] === undefined) delete process.env[env];
    else process.env[env] = saved[key];
  }
});

async function run(events = sampleEvents()) {
  const dir = tempDir();
  const stream = memoryStream();
  await replay(createGithubReporter(options(dir, { stream })), events);
  return stream.text().split('\n').filter(Boolean);
}

describe('github reporter', () => {
  it('annotates failing checks and located diagnostics on the student file', async () => {
    const lines = await run();
    expect(lines.every((l) => l.startsWith('::error '))).toBe(true);
    expect(lines).toContain(
      '::error file=submissions/bob/tcp/server.py,line=7,title=tcp-hello/server-prints-message::bob: ' +
        'check.tcp-hello.server-prints-message.fail {"expected":"Olá Mundo!","got":"Recebido: <script>alert(1)</script>"}%0Ahint.send-bytes {}',
    );
    expect(lines).toContain(
      `::error file=submissions/bob/tcp/server.py,line=7,title=uncaught-exception::bob: diag.uncaught-exception {"exception":"TypeError: a bytes-like object is required, not 'str'"}%0Ahint.send-bytes {}`,
    );
    // A failing check without a located finding still points at its file.
    expect(lines).toContain('::error file=submissions/alice/chat/servidor.py,title=chat/handles-disconnect::alice: check.chat.handles-disconnect.fail {"peer":"C","expected":"ping"}%0Ahint.recv-empty {}');
    // Diagnostics without file and line, passing and skipped checks are not annotated.
    expect(lines.some((l) => l.includes('busy-loop-on-close') && l.includes('title=busy-loop'))).toBe(false);
    expect(lines.some((l) => l.includes('title=tcp-hello/server-prints-message::=HYPERLINK'))).toBe(false);
    expect(lines.at(-1)).toBe('::error title=sockgrade::bob: reference peer B crashed: write EPIPE');
    expect(lines).toHaveLength(7);
  });

  it('escapes properties and data so a student cannot break out of the command', async () => {
    const lines = await run();
    const carol = lines.find((l) => l.includes('title=python2-print'))!;
    expect(carol).toBe(
      '::error file=submissions/=HYPERLINK("http%3A/evil.example"%2C"carol%2C c")/tcp/server.py,line=3,title=python2-print::' +
        `${HOSTILE_ID}: diag.python2-print {}%0Ahint.python2-print {}`,
    );
    expect(escapeData('50%\r\n::warning::x')).toBe('50%25%0D%0A::warning::x');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('makes paths relative to GITHUB_WORKSPACE', async () => {
    process.env.GITHUB_WORKSPACE = '/home/runner/work/class';
    const events = sampleEvents();
    for (const e of events) if (e.type === 'submission:end' && e.submissionId === 'bob') e.path = '/home/runner/work/class/submissions/bob';
    const lines = await run(events);
    expect(lines.some((l) => l.startsWith('::error file=submissions/bob/tcp/server.py,line=7,'))).toBe(true);
  });

  it('appends a Markdown summary to GITHUB_STEP_SUMMARY', async () => {
    const file = path.join(tempDir(), 'summary.md');
    fs.writeFileSync(file, '# earlier step\n');
    process.env.GITHUB_STEP_SUMMARY = file;
    await run();
    const md = fs.readFileSync(file, 'utf8');
    expect(md.startsWith('# earlier step\n## Grading report\n')).toBe(true);
    expect(md).toContain('| Student | tcp-hello | chat | Total |');
    expect(md).toContain('| alice | 100.0 | 75.0 | **87.5** |');
    expect(md).toContain('| bob | 66.7 | missing | **33.3** |');
    expect(md).toContain('| =HYPERLINK\\("http://evil.example","carol, c"\\) | 50.0 | 25.0 | **37.5** |');
    expect(md).toContain('Graded: 3 · mean score: 52.8');
    expect(md).toContain('- bob: reference peer B crashed: write EPIPE');
    expect(md).not.toContain('> ⚠️');
  });

  it('escapes Markdown and HTML in table cells', () => {
    expect(mdCell('a|b <script>x</script>\n*c*')).toBe('a\\|b &lt;script&gt;x&lt;/script&gt; \\*c\\*');
  });
});
