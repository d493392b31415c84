// The hub: one summary folded for all reporters, typed hooks, reporter failures contained; and the log reporters.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GradeEvent, Reporter, RunSummary } from '../../grader/events.js';
import { createAtomicLogReporter, createLiveLogReporter } from '../../grader/log/write.js';
import { EventEmitterHub } from '../../grader/run/emitter.js';
import { decodeEvents, sampleEvents, tempDir } from '../reporters/helpers.js';

const jsonl = (events: GradeEvent[]) => events.map((e) => `${JSON.stringify(e)}\n`).join('');

afterEach(() => vi.restoreAllMocks());

describe('EventEmitterHub', () => {
  it('folds one summary and hands the same object to every reporter, after folding the event in', async () => {
    const seen: { reporter: string; run: RunSummary; graded: number }[] = [];
    const spy = (name: string): Reporter => ({
      name,
      onSubmissionEnd: (_e, run) => void seen.push({ reporter: name, run, graded: run.submissions.filter((s) => s.result).length }),
      end: (run) => void seen.push({ reporter: name, run, graded: -1 }),
    });
    const hub = new EventEmitterHub([spy('a'), spy('b')]);
    for (const e of decodeEvents(sampleEvents())) hub.emit(e);
    await hub.close();
    expect(seen.map((s) => `${s.reporter}${s.graded}`)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3', 'a-1', 'b-1']);
    expect(new Set(seen.map((s) => s.run)).size).toBe(1);
    expect(seen[0]!.run.submissions.map((s) => s.id)).toEqual(['alice', 'bob', '=HYPERLINK("http://evil.example","carol, c")']);
  });

  it('calls only the hook of each event type, with the live event itself (never re-normalised)', async () => {
    const calls: string[] = [];
    const events = sampleEvents();
    const got: GradeEvent[] = [];
    const reporter: Reporter = {
      name: 'typed',
      onRunBegin: (e) => void (calls.push(e.type), got.push(e)),
      onCheckEnd: (e) => void (calls.push(e.type), got.push(e)),
      onRunEnd: (e) => void (calls.push(e.type), got.push(e)),
    };
    const hub = new EventEmitterHub([reporter]);
    for (const e of events) hub.emit(e);
    await hub.close();
    expect(calls).toEqual(events.filter((e) => ['run:begin', 'check:end', 'run:end'].includes(e.type)).map((e) => e.type));
    expect(got[0]).toBe(events[0]);
  });

  it('keeps grading past a reporter that throws, and names it once', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let ends = 0;
    const broken: Reporter = {
      name: 'broken',
      onSubmissionEnd: () => {
        throw new Error('boom');
      },
    };
    const fine: Reporter = { name: 'fine', end: () => void ends++ };
    const hub = new EventEmitterHub([broken, fine]);
    for (const e of sampleEvents()) hub.emit(e);
    await hub.close();
    expect(ends).toBe(1);
    expect(hub.reporterFailures.map((f) => f.reporter)).toEqual(['broken']);
    expect(write).toHaveBeenCalledTimes(1);
    expect(String(write.mock.calls[0]![0])).toBe('sockgrade: the broken reporter failed and was skipped: boom\n');
  });
});

describe('log reporters', () => {
  it('appends each event while the run goes on, so a killed run leaves what it delivered', async () => {
    const file = path.join(tempDir(), 'sub', 'events.jsonl');
    const events = sampleEvents();
    const hub = new EventEmitterHub([createLiveLogReporter(file)]);
    hub.emit(events[0]!);
    hub.emit(events[1]!);
    await hub.idle();
    expect(fs.readFileSync(file, 'utf8')).toBe(jsonl(events.slice(0, 2)));
    for (const e of events.slice(2)) hub.emit(e);
    await hub.close();
    expect(fs.readFileSync(file, 'utf8')).toBe(jsonl(events));
  });

  it('writes a replayed log only at the end, through a temporary file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events.jsonl');
    const events = sampleEvents();
    const hub = new EventEmitterHub([createAtomicLogReporter(file)]);
    for (const e of events) hub.emit(e);
    await hub.idle();
    expect(fs.existsSync(file)).toBe(false);
    await hub.close();
    expect(fs.readFileSync(file, 'utf8')).toBe(jsonl(events));
    expect(fs.readdirSync(dir)).toEqual(['events.jsonl']);
  });

  it('copies a recorded log byte for byte when given its bytes', async () => {
    const file = path.join(tempDir(), 'events.jsonl');
    const bytes = Buffer.from('{"type":"run:begin"}\n{"type":"subm');
    const hub = new EventEmitterHub([createAtomicLogReporter(file, bytes)]);
    for (const e of sampleEvents()) hub.emit(e);
    await hub.close();
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});
