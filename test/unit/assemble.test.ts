// Each check crosses the worker pipe once: the runner rebuilds submission:end from the check:end events.
import { describe, expect, it } from 'vitest';
import type { CheckEndEvent, GradeEvent, SubmissionEndEvent } from '../../grader/events.js';
import { ResultAssembler } from '../../grader/run/assemble.js';
import type { WorkerEvent, WorkerSubmissionEnd } from '../../grader/run/protocol.js';
import { sampleEvents } from '../reporters/helpers.js';

/** What a worker sends for a submission:end: the same result with every exercise's checks left out. */
const bare = (e: SubmissionEndEvent): WorkerSubmissionEnd => ({ ...e, exercises: e.exercises.map((x) => ({ ...x, checks: [] as [] })) });

/** The sample run as its workers would have sent it. */
function workerMessages(events: GradeEvent[]): WorkerEvent[] {
  return events.flatMap((e): WorkerEvent[] => (e.type === 'check:end' || e.type === 'error' ? [e] : e.type === 'submission:end' ? [bare(e)] : []));
}

describe('ResultAssembler', () => {
  it('rebuilds every submission:end exactly as the worker had it, interleaved submissions included', () => {
    const events = sampleEvents();
    const assembler = new ResultAssembler();
    const out = workerMessages(events).map((m) => assembler.accept(m));
    const expected = events.filter((e) => e.type === 'check:end' || e.type === 'error' || e.type === 'submission:end');
    // Serialised too: events.jsonl must read byte for byte as it did when checks travelled twice.
    expect(out.map((e) => JSON.stringify(e))).toEqual(expected.map((e) => JSON.stringify(e)));
  });

  it('keeps the check:end order within an exercise', () => {
    const end = sampleEvents().find((e): e is SubmissionEndEvent => e.type === 'submission:end' && e.submissionId === 'alice')!;
    const assembler = new ResultAssembler();
    const checks = end.exercises.flatMap((x) => x.checks.map((check) => ({ x: x.id, check })));
    for (const { x, check } of [...checks].reverse()) assembler.accept({ type: 'check:end', submissionId: 'alice', exerciseId: x, check } satisfies CheckEndEvent);
    const rebuilt = assembler.accept(bare(end)) as SubmissionEndEvent;
    for (const [i, x] of rebuilt.exercises.entries()) expect(x.checks.map((c) => c.id)).toEqual([...end.exercises[i]!.checks].reverse().map((c) => c.id));
  });

  it('forgets the checks of a submission whose worker failed', () => {
    const events = sampleEvents();
    const assembler = new ResultAssembler();
    for (const e of events) if (e.type === 'check:end' && e.submissionId === 'bob') assembler.accept(e);
    assembler.forget('bob');
    const bob = events.find((e): e is SubmissionEndEvent => e.type === 'submission:end' && e.submissionId === 'bob')!;
    const rebuilt = assembler.accept(bare(bob)) as SubmissionEndEvent;
    expect(rebuilt.exercises.every((x) => x.checks.length === 0)).toBe(true);
  });
});
