// A launched program as a check sees it: output, exit, stdin, CPU — recorded in the transcript.
import type { StudentProgram } from './api.js';
import type { LaunchRecord as Launch } from './launch-record.js';
import type { Transcript } from '../peers/transcript.js';
import { waitUntil } from '../sandbox/wait.js';
import { sampleActivity } from '../sandbox/activity.js';
import { waitQuiet, type CappedOutput } from '../sandbox/output.js';
import { CheckFailure, msg } from './failure.js';

/** Flags a check raises about a launch, read later by the diagnosis. */
export interface LaunchFlags {
  /** A check waited for the program to end by itself and it did not. */
  overdue: boolean;
}

/** Wraps a launch for checks; stdout is mirrored into the check's transcript as it arrives. */
export function viewProgram(launch: Launch, transcript: Transcript, flags: LaunchFlags): StudentProgram & { detach(): void } {
  const program = launch.program;
  let mirrored = program.stdout.text.length;
  const detach = program.stdout.subscribe(() => {
    const text = program.stdout.text;
    if (text.length > mirrored) transcript.add('student', 'student', 'stdout', text.slice(mirrored));
    mirrored = text.length;
  });
  const detachExit = program.onExit(() => {
    const exit = program.exit;
    transcript.add('student', 'student', 'exit', exit?.signal ? `signal ${exit.signal}` : `status ${exit?.code}`);
  });
  return {
    givenPort: launch.givenPort,
    stdout: {
      // Past the cap: the head, "…", and the most recent bytes.
      get text() {
        return program.stdout.searchable;
      },
      waitFor: (test, timeoutMs) => waitForOutput(program.stdout, test, timeoutMs, transcript),
      waitQuiet: (quietMs, timeoutMs) => waitQuiet(program.stdout, quietMs, timeoutMs),
    },
    get running() {
      return program.running;
    },
    get exitCode() {
      return program.exit?.code;
    },
    async waitExit(timeoutMs, until) {
      const exited = until ? await exitUnless(program, until, timeoutMs) : await program.waitExit(timeoutMs);
      if (!exited) flags.overdue = true;
      return exited;
    },
    write(text) {
      transcript.add('grader', 'student', 'stdin', text);
      program.write(text);
    },
    activity: (windowMs) => (program.pid === undefined ? Promise.resolve({ cpuShare: 0, runnableShare: 0 }) : sampleActivity(program.pid, windowMs)),
    stderrTail: () => program.stderr.tail(600),
    detach() {
      detach();
      detachExit();
    },
  };
}

/** Waits for the exit, or until what it printed satisfies `until`; true only if it exited. */
async function exitUnless(program: Launch['program'], until: (printed: string) => boolean, timeoutMs: number): Promise<boolean> {
  const subscribe = (wake: () => void) => {
    const offExit = program.onExit(wake);
    const offOut = program.stdout.subscribe(wake);
    return () => (offExit(), offOut());
  };
  await waitUntil(() => !program.running || until(program.stdout.searchable), subscribe, timeoutMs);
  return !program.running;
}

/**
 * Waits for `test` to hold on what the program printed (head, "…", recent window). Past the
 * ceiling the grader stopped reading, so a text not found may still have been printed: that
 * fails as "cannot tell" (check.output-unreadable), never as "not printed".
 */
async function waitForOutput(out: CappedOutput, test: (text: string) => boolean, timeoutMs: number, transcript: Transcript): Promise<boolean> {
  // Nothing more can arrive once saturated: no point waiting out the deadline.
  await waitUntil(() => out.saturated || test(out.searchable), (wake) => out.subscribe(wake), timeoutMs);
  if (test(out.searchable)) return true;
  if (!out.saturated) return false;
  const note = msg('check.output-unreadable', { mib: Math.floor(out.total / (1024 * 1024)) });
  transcript.add('student', 'grader', 'expect', '', { missed: true, note });
  throw new CheckFailure(note, msg('diag.output-limit.hint'));
}

