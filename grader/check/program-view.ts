// A launched program as a check sees it: output, exit, stdin, CPU — recorded in the transcript.
import type { StudentProgram } from './api.js';
import type { Launch } from '../run/session.js';
import type { Transcript } from '../peers/transcript.js';
import { waitUntil } from '../sandbox/wait.js';
import { sampleActivity } from '../sandbox/activity.js';

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
      get text() {
        return program.stdout.text;
      },
      waitFor: (test, timeoutMs) => waitUntil(() => test(program.stdout.text), (wake) => program.stdout.subscribe(wake), timeoutMs),
    },
    get running() {
      return program.running;
    },
    get exitCode() {
      return program.exit?.code;
    },
    async waitExit(timeoutMs) {
      const exited = await program.waitExit(timeoutMs);
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
