import { describe, expect, it } from 'vitest';
import type { RunBeginEvent } from '../../grader/events.js';
import { CLEAR_LINE } from '../../grader/reporters/progress.js';
import { createTerminalReporter } from '../../grader/reporters/terminal.js';
import { feed, memoryStream, options, replay, resultOf, sampleEvents, tempDir } from './helpers.js';

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

describe('terminal progress line', () => {
  /** A fake terminal: a memory stream that says it is an 80-column TTY. */
  function fakeTty() {
    return Object.assign(memoryStream(), { isTTY: true, columns: 80 });
  }
  const plan = (ids: string[]) => ({ ...sampleEvents()[0]!, submissions: ids.map((id) => ({ id, path: id })) });
  const begin = (id: string) => ({ type: 'submission:begin', submissionId: id, path: id });
  const end = (id: string) => ({ ...resultOf(sampleEvents(), 'alice'), submissionId: id });

  async function drive(overrides: { isTTY?: boolean; quiet?: boolean }, stream = fakeTty()) {
    let clock = 0;
    const hub = feed(createTerminalReporter(options(tempDir(), { stream, ...overrides }), () => clock));
    const step = async (event: unknown, at: number) => {
      clock = at;
      await hub.step(event);
    };
    await step(plan(['ana', 'bia', 'caio', 'davi']), 0);
    await step(begin('ana'), 0);
    await step(begin('bia'), 0);
    const beforeFirstEnd = stream.text();
    await step(end('ana'), 10_000);
    await step(begin('caio'), 10_000);
    const afterFirstEnd = stream.text();
    await step({ type: 'run:end', durationMs: 20_000, interrupted: false }, 20_000);
    await hub.end();
    return { beforeFirstEnd, afterFirstEnd, text: stream.text() };
  }

  it('redraws done/total, ETA and the running submissions in place on a TTY', async () => {
    const { beforeFirstEnd, afterFirstEnd, text } = await drive({ isTTY: true });
    expect(beforeFirstEnd).toContain(`${CLEAR_LINE}0/4 graded · ETA … · now: ana, bia`);
    // One of four took 10 s, so three more take 30 s.
    expect(afterFirstEnd).toContain(`${CLEAR_LINE}1/4 graded · ETA 30.0s · now: bia, caio`);
    // The finished line is printed over a cleared progress line, never glued to it.
    expect(afterFirstEnd).toMatch(/\r\x1b\[2K✔ ana\s+87\.5|\r\x1b\[2K✘ ana\s+87\.5/);
    // The summary starts on a clean line: the progress line was erased first.
    expect(text).toMatch(/\r\x1b\[2K\ngraded: 1 · mean 87\.5/);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('never writes a line wider than the terminal', async () => {
    const stream = Object.assign(memoryStream(), { isTTY: true, columns: 30 });
    const { text } = await drive({ isTTY: true }, stream);
    for (const frame of text.split(CLEAR_LINE)) {
      const progress = frame.split('\n')[0]!;
      if (progress.includes('graded ·')) expect([...progress].length).toBeLessThanOrEqual(30);
    }
  });

  it('prints plain lines, without carriage returns, when piped or in CI', async () => {
    const { text } = await drive({ isTTY: false });
    expect(text).not.toContain('\r');
    expect(text).not.toContain('ETA');
    expect(text.split('\n')[0]).toMatch(/^✘ ana\s+87\.5/);
  });

  it('shows no progress line when quiet', async () => {
    const { text } = await drive({ isTTY: true, quiet: true });
    expect(text).not.toContain('\r');
    expect(text).not.toContain('ETA');
  });
});
