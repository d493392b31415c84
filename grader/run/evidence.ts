// Evidence gathered when a check fails, before anything is killed: where each living program is,
// how a program that exited ended, what each reference peer sent and received, files written.
import type { CheckRun } from '../check/context.js';
import type { LaunchProbe, LaunchRecord } from '../check/launch-record.js';
import type { TranscriptEntry } from '../events.js';
import { binaryKind } from '../peers/binary.js';
import type { TcpPeer } from '../peers/tcp-peer.js';
import { filesWrittenSince } from '../sandbox/written-files.js';
import type { ProgramSession } from './session.js';

/** File modification times lag the wall clock by up to a tick. */
const MTIME_MARGIN_MS = 20;

/** A launch that exited by itself during the check. */
export interface ExitDuring {
  code: number | null;
  signal: string | null;
  /** Milliseconds between the check's start and the exit. */
  ms: number;
  /** The reference peers' action right before the exit, when there was one (within 1 s). */
  after?: { kind: 'leave' | 'connect' | 'send'; peer: string };
  /** Reference connections opened to it before it exited. */
  connectionsBefore: number;
}

/** One launch as the evidence sees it. */
export interface LaunchEvidence {
  launch: LaunchRecord;
  /** Where it was at the deadline, when it was alive then. */
  probe?: LaunchProbe;
  exit?: ExitDuring;
  /** What it wrote to stderr during the check (all of it for a launch started in the check). */
  stderr: string;
}

/** What one reference peer did and saw. */
export interface PeerEvidence {
  name: string;
  side: 'to-server' | 'from-client';
  /** Lines it sent, as sent. */
  sent: string[];
  /** Everything it received. */
  received: string;
  /** What it received after its first send (a reply, a relay, an error text). */
  receivedAfterSend: string;
  /** Bytes that are not text, when the student's side sent such. */
  binary?: { kind: string; hex: string };
}

/** Everything known about one failed check. */
export interface CheckEvidence {
  launches: LaunchEvidence[];
  peers: PeerEvidence[];
  files: { path: string; size: number; tail?: string }[];
  /** Bytes of the datagrams a student client sent the reference UDP sockets. */
  datagramBytes?: number;
  /** The check waited for text on stdout that never came. */
  missedStdout: boolean;
  /** Lines were typed into the program, and nothing reached a reference server after the last one. */
  silentAfterStdin: boolean;
}

/** Gathers the evidence of a failed check; probes living launches (only called on failure). */
export async function gatherEvidence(run: CheckRun, session: ProgramSession, workDir: string, stderrAtStart: Map<LaunchRecord, number>): Promise<CheckEvidence> {
  const runs = [run, ...run.sharedFrom];
  const launches = [...new Set(runs.flatMap((r) => r.launched))];
  const startedAt = Math.min(...runs.map((r) => r.startedAt));
  const entries = runs.flatMap((r) => r.transcript.entries.map((e) => ({ ...e, t: e.t + r.startedAt })));
  const evidence: LaunchEvidence[] = [];
  for (const launch of launches) {
    const probe = launch.program.running ? await session.probe(launch) : latestProbe(launch, startedAt);
    evidence.push({ launch, probe, exit: exitDuring(launch, startedAt, entries), stderr: freshStderr(launch, startedAt, stderrAtStart) });
  }
  const tcps = new Map<TcpPeer, 'to-server' | 'from-client'>();
  for (const r of runs) {
    for (const p of r.peers) tcps.set(p.tcp, p.side);
    for (const server of r.referenceServers) for (const a of server.accepted) tcps.set(a.peer, 'from-client');
  }
  return {
    launches: evidence,
    peers: [...tcps].map(([tcp, side]) => peerEvidence(tcp, side)),
    // What the check's launches wrote since they started. File times are coarse (a clock tick,
    // up to 10 ms: in one CI run a log written 1 ms into a check was stamped before it began), hence the margin.
    files: filesWrittenSince(workDir, Math.min(startedAt, ...launches.map((l) => l.program.startedAt)) - MTIME_MARGIN_MS, session.folderBefore),
    datagramBytes: runs.flatMap((r) => r.udpServers).reduce((n, u) => n + u.received.reduce((m, d) => m + d.text.length, 0), 0),
    missedStdout: runs.some((r) => r.missedStdout),
    silentAfterStdin: silentAfterStdin(entries, [...tcps].filter(([, side]) => side === 'from-client').map(([tcp]) => tcp.name)),
  };
}

function silentAfterStdin(entries: TranscriptEntry[], servers: string[]): boolean {
  const typed = entries.filter((e) => e.kind === 'stdin').pop();
  if (!typed || servers.length === 0) return false;
  return !entries.some((e) => e.kind === 'recv' && servers.includes(e.to) && e.t >= typed.t);
}

function latestProbe(launch: LaunchRecord, since: number): LaunchProbe | undefined {
  const probe = launch.probes[launch.probes.length - 1];
  return probe && probe.at >= since ? probe : undefined;
}

function exitDuring(launch: LaunchRecord, since: number, entries: TranscriptEntry[]): ExitDuring | undefined {
  const exit = launch.program.exit;
  if (!exit || exit.killed || launch.exitedAt === undefined || launch.exitedAt < since) return undefined;
  const exitedAt = launch.exitedAt;
  const before = entries.filter((e) => e.t <= exitedAt + 5 && e.from !== 'student' && e.from !== 'grader');
  const last = [...before].reverse().find((e) => ['close', 'reset', 'connect', 'send'].includes(e.kind));
  const kind = last?.kind === 'close' || last?.kind === 'reset' ? 'leave' : last?.kind === 'connect' ? 'connect' : 'send';
  return {
    code: exit.code,
    signal: exit.signal,
    ms: exitedAt - since,
    after: last && exitedAt - last.t <= 1000 ? { kind, peer: last.from } : undefined,
    connectionsBefore: before.filter((e) => e.kind === 'connect').length,
  };
}

// The stderr a check is answerable for: what the launch printed since the check began.
function freshStderr(launch: LaunchRecord, since: number, stderrAtStart: Map<LaunchRecord, number>): string {
  const text = launch.program.stderr.text;
  if (launch.program.startedAt >= since) return text;
  const offset = stderrAtStart.get(launch);
  return offset === undefined ? text : text.slice(offset);
}

function peerEvidence(tcp: TcpPeer, side: 'to-server' | 'from-client'): PeerEvidence {
  const binary = binaryKind(tcp.bytes);
  const replyFrom = tcp.receivedAtFirstSend;
  return {
    name: tcp.name,
    side,
    sent: tcp.sentTexts,
    received: tcp.text,
    receivedAfterSend: replyFrom === undefined ? '' : tcp.bytes.subarray(replyFrom).toString('utf8'),
    ...(binary ? { binary } : {}),
  };
}
