// Pure diagnosis: what each launch's stderr, exit and ports say about the student's mistakes.
import { refineTraceback, tracebackMessage, type TracebackContext } from '../causes/traceback-causes.js';
import type { Diagnostic, Msg } from '../events.js';

/** The facts about one launch that the diagnosis reads. */
export interface LaunchFacts {
  stderr: string;
  exitCode: number | null | undefined;
  signal: string | null | undefined;
  killedByGrader: boolean;
  /** The kernel stopped it at the CPU limit (SIGXCPU, or SIGKILL at the hard limit). */
  cpuLimit?: boolean;
  /** A check waited for it to end by itself and it did not. */
  overdue: boolean;
  stdoutOverflowed: boolean;
  stderrOverflowed: boolean;
  givenPort: number;
  /** The port it really listened on or dialled, when known. */
  usedPort?: number;
}

/** One traceback found in stderr: the exception line and the student's innermost frame. */
export interface Traceback {
  exception: string;
  type: string;
  file?: string;
  line?: number;
}

const PY2_PATTERNS = [
  /Missing parentheses in call to 'print'/,
  /Missing parentheses in call to 'exec'/,
  /multiple exception types must be parenthesized/,
  /Non-ASCII character/,
  /leading zeros in decimal integer literals/,
  /invalid syntax.*\n?.*(<>|`)/,
];

// The last line of a traceback: `TypeError: …`, `socket.timeout: …`, or a bare `MemoryError`.
const EXCEPTION_LINE = /^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit|Warning|timeout|error|herror|gaierror)(: .*|:)?$/;

// RLIMIT_AS shows as MemoryError, as ENOMEM from a system call, or as a fatal error in C code.
const OUT_OF_MEMORY = /\[Errno 12\]|Cannot allocate memory|out of memory/i;

/** Finds tracebacks (including "Exception in thread …" and bare SyntaxErrors) in stderr. */
export function parseTracebacks(stderr: string, isStudentFile: (file: string) => boolean): Traceback[] {
  const found: Traceback[] = [];
  // A bare SyntaxError has no "Traceback" header, so the text before the first header is a block too.
  const blocks = stderr.split(/^(?=Traceback \(most recent call last\):|Exception in thread )/m);
  for (const block of blocks) {
    const exceptionLine = block
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => EXCEPTION_LINE.test(l))
      .pop();
    if (!exceptionLine) continue;
    const frames = [...block.matchAll(/File "([^"]+)", line (\d+)/g)].filter((m) => isStudentFile(m[1]));
    const frame = frames[frames.length - 1];
    found.push({
      exception: exceptionLine,
      type: exceptionLine.split(':')[0].split('.').pop() ?? exceptionLine,
      file: frame?.[1],
      line: frame ? Number(frame[2]) : undefined,
    });
  }
  return found;
}

/** What diagnosis knows of a program beyond its launches: how its stdin is, its files. */
export const NO_CONTEXT: TracebackContext = { stdinClosed: false, localModules: new Set(), read: () => undefined };

/** Classifies a traceback: one cause gives exactly one diagnostic code. */
export function classifyTraceback(tb: Traceback, fullText: string, ctx: TracebackContext = NO_CONTEXT): string {
  const precise = refineTraceback(tb, ctx);
  if (precise) return precise;
  if (tb.type === 'SyntaxError' || tb.type === 'IndentationError' || tb.type === 'TabError') {
    return PY2_PATTERNS.some((p) => p.test(fullText)) || PY2_PATTERNS.some((p) => p.test(tb.exception)) ? 'python2-syntax' : 'uncaught-exception';
  }
  if (/a bytes-like object is required/.test(tb.exception)) return 'bytes-expected';
  if (/\[Errno 98\]|Address already in use/.test(tb.exception)) return 'address-in-use';
  if (tb.type === 'MemoryError' || OUT_OF_MEMORY.test(tb.exception)) return 'memory-limit';
  if (tb.type === 'KeyboardInterrupt') return '';
  return 'uncaught-exception';
}

/** Diagnoses one program from all its launches; duplicates (same code, file, line) collapse. */
export function diagnoseProgram(program: string, relFile: string, launches: LaunchFacts[], ctx: TracebackContext = NO_CONTEXT): Diagnostic[] {
  const out = new Map<string, Diagnostic>();
  const add = (code: string, message: Msg, file?: string, line?: number) => {
    const key = `${code}|${file ?? ''}|${line ?? ''}`;
    if (!out.has(key)) out.set(key, { code, program, file, line, message, hint: { key: `diag.${code}.hint`, params: message.params } });
  };
  for (const launch of launches) {
    for (const tb of parseTracebacks(launch.stderr, isStudentFile)) {
      const code = classifyTraceback(tb, launch.stderr, ctx);
      if (!code) continue;
      const file = tb.file ? studentPath(tb.file, relFile) : undefined;
      add(code, tracebackMessage(code, tb, file ?? relFile, ctx), file, tb.line);
    }
    const flooded = launch.stdoutOverflowed || launch.stderrOverflowed;
    if (flooded) add('output-limit', { key: 'diag.output-limit' });
    const death = signalDeath(launch, flooded);
    if (death === 'time-limit') add('time-limit', { key: 'diag.time-limit' });
    // A MemoryError traceback already said it, with the line.
    else if (death === 'memory-limit' && ![...out.values()].some((d) => d.code === 'memory-limit')) add('memory-limit', { key: 'diag.memory-limit' });
    else if (death && death !== 'memory-limit') add('killed-by-signal', { key: 'diag.killed-by-signal', params: { signal: death.signal } });
    if (launch.usedPort !== undefined && launch.usedPort !== launch.givenPort) {
      add('hardcoded-port', { key: 'diag.hardcoded-port', params: { given: launch.givenPort, used: launch.usedPort } });
    }
  }
  return [...out.values()];
}

/** Whether a path printed in a traceback is the student's code (not the standard library). */
export function isStudentFile(file: string): boolean {
  return !file.startsWith('<') && !/\/lib\/python3[.\d]*\//.test(file);
}

/**
 * Why a launch ended the way it did, when no traceback says so: the CPU limit, a wall-clock kill
 * by the grader, memory (a fatal error in C code), or a signal the grader did not send.
 */
export function signalDeath(launch: LaunchFacts, flooded: boolean): 'time-limit' | 'memory-limit' | { signal: string } | undefined {
  if (launch.cpuLimit || launch.signal === 'SIGXCPU') return 'time-limit';
  // A flooding program blocks on the pipe we stopped reading; the kill that follows is not its fault.
  if (launch.overdue && launch.killedByGrader) return flooded ? undefined : 'time-limit';
  if (!launch.signal || launch.killedByGrader) return undefined;
  // An abort or segfault in C code right after an allocation failed is the memory limit, not a crash.
  return OUT_OF_MEMORY.test(launch.stderr) || /MemoryError/.test(launch.stderr) ? 'memory-limit' : { signal: launch.signal };
}

/** Turns a traceback path (/box/x.py, /tmp/…/work/x.py, x.py) into the submission-relative path. */
export function studentPath(tracebackFile: string, relFile: string): string {
  const clean = tracebackFile.replace(/^\/box\//, '').replace(/^\.\//, '');
  if (!clean.startsWith('/')) return clean;
  const base = relFile.slice(relFile.lastIndexOf('/') + 1);
  return clean.endsWith(`/${relFile}`) ? relFile : clean.endsWith(`/${base}`) ? relFile : clean;
}
