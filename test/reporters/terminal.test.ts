import { describe, expect, it } from 'vitest';
import type { RunBeginEvent } from '../../grader/events.js';
import { createTerminalReporter } from '../../grader/reporters/terminal.js';
import { memoryStream, options, replay, sampleEvents, tempDir } from './helpers.js';

async function run(overrides: { quiet?: boolean; color?: boolean } = {}, events = sampleEvents()) {
  const stream = memoryStream();
  const outDir = tempDir();
  await replay(createTerminalReporter(options(outDir, { stream, ...overrides })), events);
  return { text: stream.text(), outDir };
}

describe('terminal reporter', () => {
  it('prints a line per submission as it finishes, then the summary', async () => {
    const { text, outDir } = await run();
    const lines = text.split('\n');
    // Completion order: bob, the hostile id, alice.
    expect(lines[0]).toBe('✘ grader fault (bob): reference peer B crashed: write EPIPE');
    expect(lines[1]).toMatch(/^✘ bob\s+33\.3 {2}failed: tcp-hello\/server-prints-message, chat \(missing\)$/);
    expect(lines[2]).toContain('37.5  failed: tcp-hello/server-listens, tcp-hello/server-prints-message, chat/relay-to-others');
    expect(lines[3]).toMatch(/^✘ alice\s+87\.5 {2}failed: chat\/handles-disconnect$/);
    expect(lines[5]).toBe('graded: 3 · mean 52.8 · 18.4s · isolation: full');
    expect(text).toContain('Grader faults: 1 (see the report).');
    expect(text).toContain(`Report written to ${outDir}`);
    expect(text).not.toContain('\x1b[');
  });

  it('prints only the summary when quiet', async () => {
    const { text } = await run({ quiet: true });
    expect(text).not.toContain('alice');
    expect(text).not.toContain('grader fault (bob)');
    expect(text).toContain('graded: 3 · mean 52.8');
  });

  it('colours only when asked, faults in red', async () => {
    const { text } = await run({ color: true });
    expect(text).toContain('\x1b[31m✘ grader fault (bob): reference peer B crashed: write EPIPE\x1b[0m');
    expect(text).toContain('\x1b[33m✘\x1b[0m alice');
  });

  it('flags a non-full isolation tier and an interrupted run', async () => {
    const events = sampleEvents().filter((e) => e.type !== 'run:end');
    (events[0] as RunBeginEvent).isolation.tier = 'none';
    const { text } = await run({}, events);
    expect(text).toContain('isolation: none');
    expect(text).toContain('Interrupted: the run did not finish.');
  });

  it('neutralises control characters in a submission id', async () => {
    const events = sampleEvents();
    for (const e of events) if (e.type === 'submission:end' && e.submissionId === 'bob') e.submissionId = 'bob\x1b]0;pwned\x07';
    const { text } = await run({}, events);
    expect(text).toContain('bob?]0;pwned?');
    expect(text).not.toContain('\x1b]0');
  });
});
