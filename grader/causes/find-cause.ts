// The root cause of one failed check, from its evidence: an exit, where the living program sits,
// a traceback, what crossed the wire. The first finding in order of certainty wins.
import type { ProgramDef } from '../check/api.js';
import { exitText } from '../check/launch-record.js';
import type { Diagnostic, EvidenceItem, Msg } from '../events.js';
import type { CheckEvidence, LaunchEvidence } from '../run/evidence.js';
import { classifyTraceback, parseTracebacks, isStudentFile, studentPath, signalDeath, type LaunchFacts } from '../run/diagnose.js';
import { binaryProtocol, outputToFile, protocolMismatch } from './classify-exchange.js';
import { classifyStuck, classifyStuckFallback, type StuckFacts } from './classify-stuck.js';
import { viewThreads, type PathMapper, type SourceReader, type ThreadView } from './threads-view.js';
import type { TracebackContext } from './traceback-causes.js';
import { cause, causeKey, type Cause } from './types.js';

/** What is known of the program whose check failed. */
export interface ProgramFacts {
  def: ProgramDef;
  relFile: string;
  /** The submission's private work copy. */
  workDir: string;
  read: SourceReader;
  toRel: PathMapper;
  traceback: TracebackContext;
  /** The diagnostics found from every launch's stderr, exit and ports (side findings). */
  side: Diagnostic[];
}

/** A check's cause: a key into the diagnostics (existing or new), plus what the check itself shows. */
export interface CheckCause {
  /** The cause, when it is new (not among the side findings). */
  found?: Cause;
  /** causeKey of the diagnostic that explains the check. */
  key?: string;
  /** The check's message, replaced when the program exited during it (the original goes to notes). */
  exitMessage?: Msg;
  /** Facts of this check: where threads sat, what peers received, the exit. */
  evidence: EvidenceItem[];
  /** The threads at the deadline, for the hint's contradiction rules. */
  threads: ThreadView[];
}

/** Finds the cause of one failed check. */
export function findCause(ev: CheckEvidence, p: ProgramFacts): CheckCause {
  const evidence = receivedItems(ev);
  const living = ev.launches.filter((l) => l.probe).map((l) => stuckFacts(l, ev, p));
  const threads = living.flatMap((f) => f.threads);
  let exitMessage: Msg | undefined;
  let found: Cause | undefined;
  let key: string | undefined;
  const link = (c: Cause | undefined) => {
    if (!c || key) return;
    key = causeKey(c);
    if (!p.side.some((d) => causeKey(d) === key)) found = c;
  };
  // Bytes that are not text are the first thing a reader must know: the crash that follows (a
  // TLS handshake that times out) is only its consequence.
  link(binaryProtocol(ev));
  for (const l of ev.launches) {
    if (!l.exit) continue;
    // A process's death is explained by the last traceback it printed, whenever it printed it.
    const stderr = l.launch.program.stderr.text;
    // A client is meant to end: only a crash, or any end of a server, leads the message.
    const abnormal = p.def.role === 'server' || l.exit.code !== 0 || l.exit.signal !== null;
    if (abnormal) exitMessage ??= exitedDuring(l, stderr, p.toRel, p.def.role === 'server');
    evidence.unshift({ kind: 'exit', text: `${exitText(l.launch)} +${l.exit.ms} ms` });
    link(tracebackCause(stderr, p) ?? signalCause(l, p) ?? serverExited(l, stderr, p));
  }
  // A flood blocks the program on a full pipe: whatever it missed, the flood is why.
  if (ev.launches.some((l) => l.launch.program.stdout.overflowed || l.launch.program.stderr.overflowed)) link(sideCause(p, 'output-limit'));
  for (const t of threads) if (t.frames[0]) evidence.push({ kind: 'thread', text: `${t.call}: ${t.frames[0].code}`, file: t.frames[0].file, line: t.frames[0].line });
  for (const f of living) link(classifyStuck(f));
  for (const l of ev.launches) link(tracebackCause(l.stderr, p));
  link((p.def.role === 'server' ? protocolMismatch(ev) : undefined) ?? outputToFile(ev));
  for (const f of living) link(classifyStuckFallback(f));
  return { found, key, exitMessage, evidence, threads };
}

// What the stuck classifiers read about a launch that was alive at the deadline.
function stuckFacts(l: LaunchEvidence, ev: CheckEvidence, p: ProgramFacts): StuckFacts {
  const probe = l.probe!;
  return {
    role: p.def.role,
    stdinClosed: p.def.stdin === 'closed',
    overdue: l.launch.overdue,
    probe,
    threads: viewThreads(probe, p.toRel, p.read),
    read: p.read,
    sentToUs: sentToUs(ev),
    stderr: l.stderr,
  };
}

/** A side finding as a cause, when the launches produced it. */
function sideCause(p: ProgramFacts, code: string): Cause | undefined {
  const side = p.side.find((d) => d.code === code);
  return side ? { code, file: side.file, line: side.line, message: side.message, hint: side.hint, evidence: [] } : undefined;
}

// Bytes the student's program sent the reference peers: what servers we ran received, datagrams too.
function sentToUs(ev: CheckEvidence): number {
  return ev.peers.filter((x) => x.side === 'from-client').reduce((n, x) => n + x.received.length, ev.datagramBytes ?? 0);
}

// Never "received nothing" when bytes arrived: quote what each peer got.
function receivedItems(ev: CheckEvidence): EvidenceItem[] {
  return ev.peers
    .filter((x) => x.received.length > 0)
    .slice(0, 6)
    .map((x) => ({ kind: 'received', text: `${x.name} ← ${JSON.stringify(x.received.length > 160 ? `…${x.received.slice(-160)}` : x.received)}` }));
}

// The last traceback the launch printed in the check, as the diagnostic it already is.
function tracebackCause(stderr: string, p: ProgramFacts): Cause | undefined {
  const tbs = parseTracebacks(stderr, isStudentFile);
  for (const tb of tbs.reverse()) {
    const code = classifyTraceback(tb, stderr, p.traceback);
    if (!code) continue;
    const file = tb.file ? studentPath(tb.file, p.relFile) : undefined;
    const side = p.side.find((d) => d.code === code && d.file === file && d.line === tb.line);
    if (side) return { code, file, line: tb.line, message: side.message, hint: side.hint, evidence: [] };
  }
  return undefined;
}

function signalCause(l: LaunchEvidence, p: ProgramFacts): Cause | undefined {
  const exit = l.launch.program.exit;
  if (!exit) return undefined;
  const facts: LaunchFacts = {
    stderr: l.stderr,
    exitCode: exit.code,
    signal: exit.signal,
    killedByGrader: exit.killed,
    cpuLimit: exit.limit === 'cpu',
    overdue: l.launch.overdue,
    stdoutOverflowed: l.launch.program.stdout.overflowed,
    stderrOverflowed: l.launch.program.stderr.overflowed,
    givenPort: l.launch.givenPort,
  };
  const death = signalDeath(facts, facts.stdoutOverflowed || facts.stderrOverflowed);
  const code = death === undefined ? undefined : typeof death === 'string' ? death : 'killed-by-signal';
  return code ? sideCause(p, code) : undefined;
}

// A server that ended by itself with no traceback: say after what.
function serverExited(l: LaunchEvidence, stderr: string, p: ProgramFacts): Cause | undefined {
  if (p.def.role !== 'server' || !l.exit || parseTracebacks(stderr, isStudentFile).length > 0) return undefined;
  const status = exitText(l.launch);
  const after = l.exit.after;
  const item: EvidenceItem = { kind: 'exit', text: `${status} +${l.exit.ms} ms${after ? ` (${after.kind} ${after.peer})` : ''}` };
  if (after?.kind === 'leave') return cause('server-exited', { status, ms: l.exit.ms, peer: after.peer }, [item], undefined, 'after-leave');
  if (after?.kind === 'connect' && l.exit.connectionsBefore > 0) return cause('server-exited', { status, ms: l.exit.ms, count: l.exit.connectionsBefore }, [item], undefined, 'after-clients');
  if (after?.kind === 'send') return cause('server-exited', { status, ms: l.exit.ms, peer: after.peer }, [item], undefined, 'after-message');
  return cause('server-exited', { status, ms: l.exit.ms }, [item]);
}

// The check's message when the program exited during it: the exit leads.
// "Right after C left" explains a server's exit; a client's own close races the grader's reply.
function exitedDuring(l: LaunchEvidence, stderr: string, toRel: PathMapper, sayAfter: boolean): Msg {
  const exit = l.exit!;
  const lines = studentPaths(stderr, toRel).trim().split('\n');
  const traceback = /Traceback|Error|Exception/.test(stderr) ? lines.slice(-6).join('\n') : '';
  const base = { status: exitText(l.launch), ms: exit.ms, traceback };
  if (!exit.after || !sayAfter) return { key: 'check.exited-during', params: base };
  const kind = exit.after.kind === 'leave' ? 'after-leave' : exit.after.kind === 'connect' ? 'after-connect' : 'after-send';
  return { key: `check.exited-during.${kind}`, params: { ...base, peer: exit.after.peer } };
}

/** A traceback with the box's paths (`/box/x.py`, the work copy's absolute path) shown as the student's own. */
export function studentPaths(text: string, toRel: PathMapper): string {
  return text.replace(/File "([^"]+)"/g, (whole, file: string) => {
    const rel = toRel(file);
    return rel === undefined ? whole : `File "${rel}"`;
  });
}
