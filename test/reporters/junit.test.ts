import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GradeEvent, SubmissionEndEvent } from '../../grader/events.js';
import { createJunitReporter } from '../../grader/reporters/junit.js';
import { options, replay, sampleEvents, tempDir } from './helpers.js';

async function junit(events: GradeEvent[]) {
  const dir = tempDir();
  await replay(createJunitReporter(options(dir)), events);
  return fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8');
}

/** Minimal well-formedness: balanced tags, no bare `<` or `&`, no illegal characters. */
function assertWellFormed(xml: string) {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  expect(xml).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (const m of body.matchAll(tag)) {
    expect(body.slice(last, m.index)).not.toContain('<');
    last = m.index! + m[0].length;
    if (m[4]) continue;
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else stack.push(m[2]!);
  }
  expect(body.slice(last)).not.toContain('<');
  expect(stack).toEqual([]);
}

const attrs = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<testsuite name="${name}" tests="(\\d+)" failures="(\\d+)" errors="(\\d+)" skipped="(\\d+)" time="([\\d.]+)"`, 'g'))].map(
    (m) => m.slice(1).map(Number),
  );

describe('junit reporter', () => {
  it('writes one suite per submission × exercise with correct counts', async () => {
    const xml = await junit(sampleEvents());
    assertWellFormed(xml);
    expect(xml).toMatch(/<testsuites name="sockgrade" tests="18" failures="5" errors="1" time="[\d.]+">/);
    expect(attrs(xml, 'alice/tcp-hello')).toEqual([[4, 0, 0, 0, 1.723]]);
    expect(attrs(xml, 'alice/chat')).toEqual([[2, 1, 0, 0, 3.84]]);
    expect(attrs(xml, 'bob/tcp-hello')).toEqual([[4, 1, 0, 0, 3.665]]);
    expect(attrs(xml, 'bob/chat')).toEqual([[1, 1, 0, 0, 0]]);
    const hostile = '=HYPERLINK\\(&quot;http://evil.example&quot;,&quot;carol, c&quot;\\)';
    expect(attrs(xml, `${hostile}/tcp-hello`)).toEqual([[4, 1, 0, 1, 0.932]]);
    expect(attrs(xml, 'grader')).toEqual([[1, 0, 1, 0, 0]]);
  });

  it('reports each check as a testcase with failure, skipped or error', async () => {
    const xml = await junit(sampleEvents());
    expect(xml).toContain('<testcase classname="alice.tcp-hello" name="server-listens" time="0.412"/>');
    const failure = /<testcase classname="bob.tcp-hello" name="server-prints-message" time="2.540">\s*<failure message="([^"]*)" type="fail">([^<]*)<\/failure>/.exec(xml);
    expect(failure?.[1]).toBe('check.tcp-hello.server-prints-message.fail {&quot;expected&quot;:&quot;Olá Mundo!&quot;,&quot;got&quot;:&quot;Recebido: &lt;script&gt;alert(1)&lt;/script&gt;&quot;}');
    expect(failure?.[2]).toContain('+8ms student → student stdout: "Recebido: &lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(failure?.[2]).toContain('+2005ms student → grader expect: "Olá Mundo!" ✗ expected, never came');
    expect(xml).toMatch(/name="server-prints-message" time="0.000">\s*<skipped message="check.skipped-after/);
    expect(xml).toMatch(/<testcase classname="bob.chat" name="missing" time="0.000">\s*<failure message="exercise not submitted" type="missing"\/>/);
    expect(xml).toMatch(/<testcase classname="grader" name="bob" time="0.000">\s*<error message="reference peer B crashed: write EPIPE" type="grader-fault">Error: write EPIPE/);
    expect(xml).not.toContain('<script>');
  });

  it('strips characters XML 1.0 forbids and still parses', async () => {
    const events = sampleEvents();
    const bob = events.find((e): e is SubmissionEndEvent => e.type === 'submission:end' && e.submissionId === 'bob')!;
    bob.exercises[0]!.programs[0]!.stdoutTail = 'bell\u0007 esc\u001b[31m nul\u0000 lone\ud800 ok';
    bob.exercises[0]!.checks[1]!.transcript[0]!.text = 'x\u0001y';
    const xml = await junit(events);
    assertWellFormed(xml);
    expect(xml).toContain('<system-out>bell esc[31m nul lone ok</system-out>');
  });

  it('shows a submission that never finished as an error', async () => {
    const xml = await junit(sampleEvents().filter((e) => !(e.type === 'submission:end' && e.submissionId === 'alice')));
    assertWellFormed(xml);
    expect(attrs(xml, 'alice')).toEqual([[1, 0, 1, 0, 0]]);
  });
});
