// Pure diagnosis: what each launch's stderr, exit and ports say about the student's mistakes.
import type { Diagnostic, Msg } from '../events.js';

/** The facts about one launch that the diagnosis reads. */
export interface LaunchFacts {
  stderr: string;
  exitCode: number | null | undefined;
  signal: string | null | undefined;
  killedByGrader: boolean;
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

/** Classifies a traceback: one cause gives exactly one diagnostic code. */
export function classifyTraceback(tb: Traceback, fullText: string): string {
  if (tb.type === 'SyntaxError' || tb.type === 'IndentationError' || tb.type === 'TabError') {
    return PY2_PATTERNS.some((p) => p.test(fullText)) || PY2_PATTERNS.some((p) => p.test(tb.exception)) ? 'python2-syntax' : 'uncaught-exception';
  }
  if (/a bytes-like object is required/.test(tb.exception)) return 'bytes-expected';
  if (/\[Errno 98\]|Address already in use/.test(tb.exception)) return 'address-in-use';
  if (tb.type === 'MemoryError') return 'memory-limit';
  if (tb.type === 'KeyboardInterrupt') return '';
  return 'uncaught-exception';
}

/** Diagnoses one program from all its launches; duplicates (same code, file, line) collapse. */
export function diagnoseProgram(program: string, relFile: string, launches: LaunchFacts[]): Diagnostic[] {
  const out = new Map<string, Diagnostic>();
  const add = (code: string, message: Msg, file?: string, line?: number) => {
    const key = `${code}|${file ?? ''}|${line ?? ''}`;
    if (!out.has(key)) out.set(key, { code, program, file, line, message, hint: { key: `diag.${code}.hint` } });
  };
  const isStudentFile = (f: string) => !f.startsWith('<') && !/\/lib\/python3[.\d]*\//.test(f);
  for (const launch of launches) {
    for (const tb of parseTracebacks(launch.stderr, isStudentFile)) {
      const code = classifyTraceback(tb, launch.stderr);
      if (!code) continue;
      const file = tb.file ? studentPath(tb.file, relFile) : undefined;
      add(code, { key: `diag.${code}`, params: { exception: tb.exception.slice(0, 300), file: file ?? relFile, line: tb.line ?? '?' } }, file, tb.line);
    }
    if (launch.stdoutOverflowed || launch.stderrOverflowed) add('output-limit', { key: 'diag.output-limit' });
    if (launch.signal === 'SIGXCPU' || (launch.overdue && launch.killedByGrader)) add('time-limit', { key: 'diag.time-limit' });
    if (launch.usedPort !== undefined && launch.usedPort !== launch.givenPort) {
      add('hardcoded-port', { key: 'diag.hardcoded-port', params: { given: launch.givenPort, used: launch.usedPort } });
    }
  }
  return [...out.values()];
}

/** Turns a traceback path (/box/x.py, /tmp/…/work/x.py, x.py) into the submission-relative path. */
export function studentPath(tracebackFile: string, relFile: string): string {
  const clean = tracebackFile.replace(/^\/box\//, '').replace(/^\.\//, '');
  if (!clean.startsWith('/')) return clean;
  const base = relFile.slice(relFile.lastIndexOf('/') + 1);
  return clean.endsWith(`/${relFile}`) ? relFile : clean.endsWith(`/${base}`) ? relFile : clean;
}
