// Python thread stacks on demand: faulthandler dumps them to an extra pipe when a signal asks.
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { processTree } from './proc.js';

/** The fd the grader's stack pipe has in the launched program (execa's 4th stdio entry). */
export const STACK_FD = 3;

/**
 * The signal that asks for a dump: SIGRTMIN+5 under glibc (34+5). Student programs use SIGINT,
 * SIGTERM, SIGALRM, SIGCHLD, SIGUSR1/2, never a real-time signal; glibc keeps 32–33 for itself.
 * The default action of a real-time signal is to terminate, so it is only ever sent to a process
 * whose SigCgt says it catches it.
 */
export const STACK_SIGNAL = 39;

/** `<fd>:<signal>` for the sitecustomize; it removes the variable so exec'd children never see a stale fd. */
export const STACKS_ENV = 'SOCKGRADE_STACKS';

/** The fd the sitecustomize moves the pipe to: high, under the box's 256-fd limit, so the student's fds start at 3 as usual. */
export const STACK_HIGH_FD = 250;

/** The sitecustomize part that installs the dump (after `_sockgrade_move_fd`, see reuseaddr.ts); it never raises and does nothing without its variable. */
export const STACKS_SITE_PY = `def _sockgrade_stacks():
    import os
    spec = os.environ.pop(${JSON.stringify(STACKS_ENV)}, None)
    if not spec:
        return
    fd, sig = (int(x) for x in spec.split(':'))
    import faulthandler, signal
    if not (int(signal.SIGRTMIN) <= sig <= int(signal.SIGRTMAX)):
        return
    fd = _sockgrade_move_fd(fd, ${STACK_HIGH_FD}, 6)
    # chain=False: the program's own handling of the signal (there is none) is not run.
    faulthandler.register(sig, file=fd, all_threads=True, chain=False)


try:
    _sockgrade_stacks()
except Exception:
    pass
del _sockgrade_stacks
`;

/** The environment entry that turns the dump on in a launch. */
export function stacksEnv(): Record<string, string> {
  return { [STACKS_ENV]: `${STACK_FD}:${STACK_SIGNAL}` };
}

/** One frame of a Python stack. */
export interface PyFrame {
  file: string;
  line: number;
  func: string;
}

/** One thread of a faulthandler dump; frames innermost first (faulthandler prints "most recent call first"). */
export interface PyThread {
  /** The pthread id faulthandler prints (`0x00007f…`); Python 3.11 prints no thread name. */
  id: string;
  /** The thread that received the signal. */
  current: boolean;
  frames: PyFrame[];
  /** Host pid of its process, when the dump holds several processes (a `Process <pid>:` line before each). */
  pid?: number;
}

const HEADER = /^(Current thread|Thread) (0x[0-9a-fA-F]+) \(most recent call first\):$/;
const STACK_HEADER = /^Stack \(most recent call first\):$/;
const FRAME = /^ {2}File "(.*)", line (\d+|\?\?\?) in (.*)$/;
const PROCESS = /^Process (\d+):$/;

/** Parses faulthandler's text (one or more dumps): thread headers, then `File "…", line N in f` lines. */
export function parseStacks(text: string): PyThread[] {
  const threads: PyThread[] = [];
  let current: PyThread | undefined;
  let pid: number | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const owner = PROCESS.exec(line);
    if (owner) {
      pid = Number(owner[1]);
      current = undefined;
      continue;
    }
    const header = HEADER.exec(line);
    if (header || STACK_HEADER.test(line)) {
      current = { id: header?.[2] ?? '', current: header ? header[1] === 'Current thread' : true, frames: [], ...(pid !== undefined ? { pid } : {}) };
      threads.push(current);
      continue;
    }
    const frame = FRAME.exec(line);
    if (frame && current) current.frames.push({ file: frame[1], line: frame[2] === '???' ? 0 : Number(frame[2]), func: frame[3] });
  }
  return threads;
}


// The last line of a thread's block: its outermost frame (module code, threading's bootstrap)
// or faulthandler's own endings. Tested on the last whole line only: the text must end with \n.
const OUTERMOST = /(?:^|\n)(?: {2}File ".*", line (?:\d+|\?\?\?) in (?:<module>|_bootstrap)| {2}\.\.\.| {2}<no Python frame>)\n$/;

/** Whether one process's dump is whole: a header for each of its `tasks` and an outermost frame last. */
export function dumpLooksWhole(text: string, tasks: number): boolean {
  const lines = text.split('\n');
  const headers = lines.filter((l) => HEADER.test(l) || STACK_HEADER.test(l)).length;
  return headers >= tasks && OUTERMOST.test(lines.slice(-2).join('\n'));
}

/** Bytes of one launch's stack pipe: always read, so faulthandler never blocks on a full pipe. */
export class StackChannel {
  private chunks: Buffer[] = [];
  private size = 0;
  private collecting = false;
  private readonly listeners = new Set<() => void>();
  private static readonly CAP = 1 << 20;

  constructor(stream: Readable | null | undefined) {
    stream?.on('data', (chunk: Buffer) => {
      // Outside a dump nothing should arrive; if it does, it is dropped, never left in the pipe.
      if (!this.collecting || this.size >= StackChannel.CAP) return;
      this.chunks.push(chunk);
      this.size += chunk.length;
      for (const listener of [...this.listeners]) listener();
    });
    stream?.on('error', () => {});
  }

  /**
   * Signals each Python process of the tree in turn and returns faulthandler's text, or undefined
   * when none came. Several processes (a forking server) get a `Process <host pid>:` line each.
   */
  async dump(rootPid: number, timeoutMs: number): Promise<string | undefined> {
    if (this.collecting) return undefined;
    const deadline = Date.now() + timeoutMs;
    const texts: { pid: number; text: string }[] = [];
    this.collecting = true;
    try {
      // One process at a time: faulthandler writes line by line, so two dumps would interleave.
      for (const pid of catchingPids(rootPid, STACK_SIGNAL)) {
        if (Date.now() >= deadline) break;
        const tasks = taskCount(pid);
        this.chunks = [];
        this.size = 0;
        try {
          process.kill(pid, STACK_SIGNAL);
        } catch {
          continue;
        }
        await this.untilWhole(tasks, deadline);
        const text = Buffer.concat(this.chunks).toString('utf8');
        if (text) texts.push({ pid, text });
      }
    } finally {
      this.collecting = false;
      this.chunks = [];
      this.size = 0;
    }
    if (texts.length === 0) return undefined;
    if (texts.length === 1) return texts[0].text;
    return texts.map((t) => `Process ${t.pid}:\n${t.text.endsWith('\n') ? t.text : `${t.text}\n`}`).join('\n');
  }

  // Whole when every task has its header and the text ends on an outermost frame; otherwise
  // (a thread without Python, a deep stack) a 100 ms quiet window after the last byte ends it:
  // faulthandler writes line by line, and on a loaded machine it can be descheduled mid-dump.
  private async untilWhole(tasks: number, deadline: number): Promise<void> {
    const QUIET_MS = 100;
    let lastByte = 0;
    const onData = () => (lastByte = Date.now());
    this.listeners.add(onData);
    try {
      await new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const check = () => {
          clearTimeout(timer);
          const text = Buffer.concat(this.chunks).toString('utf8');
          const now = Date.now();
          if (now >= deadline || dumpLooksWhole(text, tasks)) return done();
          const wait = lastByte > 0 ? lastByte + QUIET_MS - now : deadline - now;
          if (lastByte > 0 && wait <= 0) return done();
          timer = setTimeout(check, Math.max(1, Math.min(wait, deadline - now)));
        };
        const done = () => {
          clearTimeout(timer);
          this.listeners.delete(check);
          resolve();
        };
        this.listeners.add(check);
        check();
      });
    } finally {
      this.listeners.delete(onData);
    }
  }
}

/** Pids of the tree whose SigCgt has `signal`: only they can take it without dying. */
export function catchingPids(rootPid: number, signal: number): number[] {
  return processTree(rootPid)
    .map((p) => p.pid)
    .filter((pid) => catchesSignal(readStatus(pid), signal));
}

/** Whether a /proc/<pid>/status text's SigCgt mask (bit n-1 for signal n) has the signal. */
export function catchesSignal(status: string | undefined, signal: number): boolean {
  const mask = /^SigCgt:\s*([0-9a-fA-F]+)$/m.exec(status ?? '');
  return mask ? ((BigInt(`0x${mask[1]}`) >> BigInt(signal - 1)) & 1n) === 1n : false;
}

function readStatus(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
}

function taskCount(pid: number): number {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return 1;
  }
}
