// Why a living program did not do what a check waited for: read from where its threads sit.
import type { EvidenceItem } from '../events.js';
import type { LaunchProbe } from '../check/launch-record.js';
import { acceptLoopAround, locksHeldAt, lockTaken } from './source.js';
import { someThreadAccepts, someThreadInFutex, where, type SourceReader, type StudentFrame, type ThreadView } from './threads-view.js';
import { cause, type Cause } from './types.js';

/** What the stuck classifiers read about one living launch at a deadline. */
export interface StuckFacts {
  role: 'server' | 'client';
  /** The program is given no keyboard input (its stdin is closed). */
  stdinClosed: boolean;
  /** A check waited for it to end by itself and it did not. */
  overdue: boolean;
  probe: LaunchProbe;
  threads: ThreadView[];
  read: SourceReader;
  /** Bytes the student's program sent to the grader's peers in the check. */
  sentToUs: number;
  /** What it wrote to stderr during the check. */
  stderr: string;
}

/** Calls a program is stuck in when it sits there at a deadline (a busy or idle-serving thread is not stuck). */
const STUCK_CALLS = new Set(['lock', 'sleep', 'join', 'connect']);

/** The first specific cause that the threads show, in order of certainty; undefined when none. */
export function classifyStuck(f: StuckFacts): Cause | undefined {
  return deadlock(f) ?? threadExit(f) ?? stuckInAcceptLoop(f) ?? neverAccepts(f) ?? waitsForGreeting(f) ?? readsStdin(f);
}

/** The fallback when a living program missed a deadline blocked in a lock, a sleep, a join or a connect. */
export function classifyStuckFallback(f: StuckFacts): Cause | undefined {
  // Reading the keyboard is a chat client's idle state; a program given no keyboard is stuck there.
  const odd = f.threads.filter((t) => STUCK_CALLS.has(t.call) || (t.call === 'input' && f.stdinClosed));
  if (f.threads.length === 0 || odd.length === 0) return undefined;
  const lines = f.threads.map((t) => `${t.call} @ ${where(t.frames[0])}${t.frames[0] ? `: ${t.frames[0].code}` : ''}`);
  const first = odd.find((t) => t.frames[0])?.frames[0];
  return cause('stuck', { threads: lines.join('\n') }, f.threads.map(threadItem), first);
}

function threadItem(t: ThreadView): EvidenceItem {
  const top = t.frames[0];
  return { kind: 'thread', text: top ? `${t.call}: ${top.code}` : t.call, file: top?.file, line: top?.line };
}

// A thread waits to take a lock that is held, by itself or by another thread that is blocked too.
function deadlock(f: StuckFacts): Cause | undefined {
  if (!someThreadInFutex(f.probe)) return undefined;
  for (const waiter of f.threads) {
    const top = waiter.frames[0];
    const lock = waiter.call === 'lock' && top ? lockTaken(top.code) : undefined;
    if (!top || !lock) continue;
    for (const holder of f.threads) {
      const frames = holder === waiter ? waiter.frames.slice(1) : holder.frames;
      const held = heldIn(frames, lock, f.read);
      if (!held) continue;
      const params = { lock, wait: where(top), waitCode: top.code, hold: where(held), holdCode: held.code };
      const evidence: EvidenceItem[] = [
        { kind: 'thread', text: top.code, file: top.file, line: top.line },
        { kind: 'holder', text: held.code, file: held.file, line: held.line },
      ];
      return cause('deadlock', params, evidence, top, holder === waiter ? 'self' : 'other');
    }
  }
  return undefined;
}

// The `with L:` or `L.acquire()` line, in one of these frames' functions, that holds `lock`.
function heldIn(frames: StudentFrame[], lock: string, read: SourceReader): StudentFrame | undefined {
  for (const frame of frames) {
    const source = read(frame.file);
    const held = source ? locksHeldAt(source, frame.line).find((h) => h.lock === lock) : undefined;
    if (held) return { file: frame.file, line: held.line, func: frame.func, code: held.code };
  }
  return undefined;
}

// The receiving thread has gone; the main thread still waits for the keyboard: it never exits.
function threadExit(f: StuckFacts): Cause | undefined {
  if (f.role !== 'client' || f.stdinClosed || !f.overdue || f.threads.length !== 1) return undefined;
  const main = f.threads[0];
  const top = main.frames[0];
  const source = top ? f.read(top.file) : undefined;
  if (main.call !== 'input' || !top || !source || !/Thread\s*\(/.test(source)) return undefined;
  const exception = /Exception in thread[^\n]*\n(?:[\s\S]*?\n)?([A-Za-z_][\w.]*(?:Error|Exception)[^\n]*)/.exec(f.stderr)?.[1];
  const evidence: EvidenceItem[] = [{ kind: 'thread', text: top.code, file: top.file, line: top.line }];
  if (exception) evidence.push({ kind: 'traceback', text: exception });
  return cause('thread-exit', { at: where(top), code: top.code, ...(exception ? { exception } : {}) }, evidence, top, exception ? 'exception' : undefined);
}

// The accept loop's thread waits for one client (its nickname) instead of accepting the next.
// Only while a next client waits in the listen queue: a server serving its one client is not stuck.
function stuckInAcceptLoop(f: StuckFacts): Cause | undefined {
  if (f.role !== 'server' || someThreadAccepts(f.probe, f.threads)) return undefined;
  const queue = f.probe.queues.find((q) => q.queued > 0);
  if (!queue) return undefined;
  for (const t of f.threads) {
    if (!['recv', 'input', 'sleep'].includes(t.call) || !t.frames[0]) continue;
    for (const frame of t.frames) {
      const source = f.read(frame.file);
      const accept = source ? acceptLoopAround(source, frame.line) : undefined;
      if (accept === undefined) continue;
      const top = t.frames[0];
      const params = { call: t.call, at: where(top), code: top.code, accept: `${frame.file}:${accept}`, queued: queue.queued };
      const evidence: EvidenceItem[] = [
        { kind: 'thread', text: top.code, file: top.file, line: top.line },
        { kind: 'queue', text: `${queue.queued} @ :${queue.port}` },
      ];
      return cause('stuck-in-accept-loop', params, evidence, top);
    }
  }
  return undefined;
}

// Connections wait in the listen queue, and no thread is in accept(): they are never taken.
function neverAccepts(f: StuckFacts): Cause | undefined {
  if (f.role !== 'server' || someThreadAccepts(f.probe, f.threads)) return undefined;
  const queue = f.probe.queues.find((q) => q.queued > 0);
  if (!queue) return undefined;
  const main = f.threads.find((t) => t.main) ?? f.threads[0];
  // A thread busy elsewhere (printing a flood) is not "never accepting": it is slow to come back.
  if (main && (main.call === 'other' || main.call === 'send')) return undefined;
  const top = main?.frames[0];
  const params = { queued: queue.queued, port: queue.port, call: main?.call ?? '?', at: where(top), code: top?.code ?? '' };
  const evidence: EvidenceItem[] = [{ kind: 'queue', text: `${queue.queued} @ :${queue.port}` }];
  if (top) evidence.push({ kind: 'thread', text: top.code, file: top.file, line: top.line });
  return cause('never-accepts', params, evidence, top);
}

// A client that sent nothing sits in recv(): it waits for a banner the reference server never sends.
function waitsForGreeting(f: StuckFacts): Cause | undefined {
  if (f.role !== 'client' || f.sentToUs > 0 || f.threads.some((t) => t.call === 'input')) return undefined;
  const t = f.threads.find((x) => x.call === 'recv' && x.frames[0]);
  if (!t) return undefined;
  const top = t.frames[0];
  return cause('waits-for-greeting', { at: where(top), code: top.code }, [{ kind: 'thread', text: top.code, file: top.file, line: top.line }], top);
}

// A program given no keyboard sits in a read of stdin.
function readsStdin(f: StuckFacts): Cause | undefined {
  if (!f.stdinClosed) return undefined;
  const t = f.threads.find((x) => x.call === 'input' && x.frames[0]);
  if (!t) return undefined;
  const top = t.frames[0];
  return cause('reads-stdin', { at: where(top), code: top.code }, [{ kind: 'thread', text: top.code, file: top.file, line: top.line }], top, 'blocked');
}
