// A living program's threads as the classifiers read them: each thread's student frames with their
// code, and what it blocks in — from its Python stack where it could be asked, else from /proc.
import type { LaunchProbe } from '../check/launch-record.js';
import { parseStacks, type PyThread } from '../sandbox/stacks.js';
import type { ThreadState } from '../sandbox/threads.js';
import { callOfCode, lineAt } from './source.js';

/** One frame in the student's own files. */
export interface StudentFrame {
  file: string;
  line: number;
  func: string;
  code: string;
}

/** What one thread blocks in: `lock`, `input`, `accept`, `recv`, `select`, `sleep`, `join`, `connect`, `send`, or `other`. */
export type BlockingCall = 'lock' | 'input' | 'accept' | 'recv' | 'select' | 'sleep' | 'join' | 'connect' | 'send' | 'other';

/** One thread of the program at the deadline. */
export interface ThreadView {
  /** Student frames, innermost first (empty when only /proc could be read). */
  frames: StudentFrame[];
  call: BlockingCall;
  /** True for the thread that runs the module's top level (the main thread). */
  main: boolean;
}

/** Reads a submission file's source, or undefined when it is not a file of the submission. */
export type SourceReader = (relPath: string) => string | undefined;

/** Maps a path printed by Python (`/box/x.py`, an absolute work path) to a submission path, or undefined for library code. */
export type PathMapper = (printed: string) => string | undefined;

/** The program's threads at the probe; /proc alone when no Python stack could be had. */
export function viewThreads(probe: LaunchProbe, toRel: PathMapper, read: SourceReader): ThreadView[] {
  const stacks = probe.stacks ? parseStacks(probe.stacks) : [];
  if (stacks.length === 0) return pythonThreads(probe).map((t) => ({ frames: [], call: callOfProc(t), main: t.pid === t.tid }));
  return stacks.map((t) => viewPython(t, toRel, read));
}

function viewPython(thread: PyThread, toRel: PathMapper, read: SourceReader): ThreadView {
  const frames: StudentFrame[] = [];
  for (const f of thread.frames) {
    const file = toRel(f.file);
    const source = file === undefined ? undefined : read(file);
    if (file !== undefined && source !== undefined) frames.push({ file, line: f.line, func: f.func, code: lineAt(source, f.line) });
  }
  const innermost = thread.frames[0];
  const libraryCall = innermost && toRel(innermost.file) === undefined ? callOfLibrary(innermost.file, innermost.func) : undefined;
  const call = libraryCall ?? ((frames[0] ? callOfCode(frames[0].code) : undefined) as BlockingCall | undefined) ?? 'other';
  const outermost = thread.frames[thread.frames.length - 1];
  return { frames, call, main: outermost?.func === '<module>' };
}

// Library frames a student's call ends in: socket.accept, threading's waits, selectors, socketserver.
function callOfLibrary(file: string, func: string): BlockingCall | undefined {
  if (/socket\.py$/.test(file)) return func === 'accept' ? 'accept' : /readinto|readline|recv/.test(func) ? 'recv' : undefined;
  if (/threading\.py$/.test(file)) return /join|_wait_for_tstate_lock/.test(func) ? 'join' : 'lock';
  if (/selectors\.py$|socketserver\.py$|asyncio\//.test(file)) return 'select';
  if (/queue\.py$/.test(file)) return 'lock';
  return undefined;
}

function callOfProc(t: ThreadState): BlockingCall {
  switch (t.call) {
    case 'futex':
      return 'lock';
    case 'accept':
    case 'accept4':
      return 'accept';
    case 'read':
    case 'recvfrom':
    case 'recvmsg':
      return t.target?.kind === 'stdin' ? 'input' : 'recv';
    case 'select':
    case 'pselect6':
    case 'poll':
    case 'ppoll':
    case 'epoll_wait':
    case 'epoll_pwait':
    case 'epoll_pwait2':
      return 'select';
    case 'clock_nanosleep':
    case 'nanosleep':
      return 'sleep';
    case 'wait4':
    case 'waitid':
      return 'join';
    case 'connect':
      return 'connect';
    default:
      return 'other';
  }
}

/** The threads of the tree's Python processes (not the box's own init, shell or prlimit). */
export function pythonThreads(probe: LaunchProbe): ThreadState[] {
  const pids = new Set(probe.threads.filter((t) => t.tid === t.pid && /python/i.test(t.name)).map((t) => t.pid));
  return probe.threads.filter((t) => pids.has(t.pid));
}

/** Whether /proc shows some Python thread blocked in a futex (a lock, a condition or a join); true when /proc could not be read. */
export function someThreadInFutex(probe: LaunchProbe): boolean {
  const threads = pythonThreads(probe);
  return threads.length === 0 || threads.some((t) => t.call === 'futex');
}

/** Whether some thread sits in accept(): in its Python stack, or in the accept system call. */
export function someThreadAccepts(probe: LaunchProbe, threads: ThreadView[]): boolean {
  return threads.some((t) => t.call === 'accept') || pythonThreads(probe).some((t) => t.call === 'accept' || t.call === 'accept4');
}

/** `file:line` of a frame, for messages. */
export function where(frame: { file: string; line: number } | undefined): string {
  return frame ? `${frame.file}:${frame.line}` : '?';
}
