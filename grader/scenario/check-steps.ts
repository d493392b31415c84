// The order of one check's steps: peers defined before use, programs started before watched, and
// the steps a peer of the program's protocol can take (a UDP peer has no connection to end).
import { isScalar } from 'yaml';
import type { Path, Reporter } from './report.js';
import { PLACEHOLDERS, STDOUT, type Protocol, type ScenarioCheck } from './schema.js';

/** What a check's program takes from its definition: its stdin and its protocol. */
export interface StepsProgram {
  stdin: 'closed' | 'open';
  protocol: Protocol;
}

/** A peer of the check: the step that defined it, how our side ended it, what it may do. */
interface PeerState {
  defined: number;
  ended?: { kind: 'close' | 'reset' | 'end'; at: number };
  udp: boolean;
  /** A UDP reference server: it answers the client's last datagram, so one must be expected first. */
  answers?: boolean;
}

/** Judges the steps of check `c` (at `base`) against its program. */
export function checkSteps(report: Reporter, c: ScenarioCheck, base: Path, prog: StepsProgram): void {
  const role = c.program;
  const udp = prog.protocol === 'udp';
  let started = false;
  let served: string | undefined;
  const peers = new Map<string, PeerState>();
  /** Places an expectation waited at so far (one already refused still counts: one problem, one sentence). */
  const heard = new Set<string>();
  const defineWord = role === 'server' ? 'connect' : 'accept';
  const usePeer = (name: string, at: Path, j: number, action: 'send' | 'read' | 'end'): PeerState | undefined => {
    const peer = peers.get(name);
    if (!peer) {
      if (udp && role === 'client' && name === served) needStarted(at);
      else {
        const note = role === 'client' && name === served ? ` (it is the reference server: accept: ${name} gives the connection from the client)` : '';
        report.at(at, `undefined peer "${name}": ${defineWord} it in an earlier step of this check${note}`);
      }
      return undefined;
    }
    const ended = peer.ended;
    if (!ended || ended.at >= j) return peer;
    // After `end` (our sending side shut) a peer still reads, and may still close or reset.
    if (ended.kind === 'end' && action !== 'send') return peer;
    report.at(at, `peer "${name}" was already ${ended.kind === 'end' ? 'ended (its sending side)' : ended.kind === 'close' ? 'closed' : 'reset'} at steps[${ended.at}]`);
    return undefined;
  };
  const needStarted = (at: Path) => {
    if (!started) report.at(at, role === 'server' ? 'the server is not started yet: put start: server (or a connect) before this step' : 'the client is not started yet: put serve and start: client before this step');
  };
  c.steps.forEach((s, j) => {
    const at: Path = [...base, 'steps', j, s.kind];
    const field = (name: string): Path => (stepIsShort(report, at) ? at : [...at, name]);
    switch (s.kind) {
      case 'start':
        if (s.program !== role) report.at(at, `this check's program is the ${role}, so it starts the ${role}, not the ${s.program}`);
        else if (role === 'client' && served === undefined) report.at(at, 'the client is started against the reference server: put serve: <name> before it');
        else if (started && role === 'client') report.at(at, 'the client is already started in this check');
        // A UDP reference server is there from the start: no connection to accept first.
        else if (role === 'client' && udp) peers.set(served!, { defined: j, udp, answers: true });
        started = true;
        break;
      case 'connect':
        if (role === 'client') {
          report.at(at, `connect belongs in a server check (it connects to the student's server): a client check uses serve and accept`);
          break;
        }
        if (peers.has(s.peer)) report.at(field('peer'), `peer "${s.peer}" is already defined at steps[${peers.get(s.peer)!.defined}]`);
        else peers.set(s.peer, { defined: j, udp });
        started = true;
        break;
      case 'serve':
        if (role === 'server') report.at(at, 'serve belongs in a client check: a server check connects to the student\'s server');
        else if (served !== undefined) report.at(at, `the reference server is already served as "${served}"`);
        else if (started) report.at(at, 'serve must come before start: client');
        else served = s.server;
        break;
      case 'accept':
        if (role === 'server') report.at(at, 'accept belongs in a client check: a server check connects to the student\'s server');
        else if (udp) report.at(at, `accept is TCP only: this client speaks udp, and the reference server ${served ? `"${served}" ` : ''}takes its datagrams without a connection, so expect at ${served ?? 'it'} right after start: client`);
        else if (s.at !== served) report.at(field('at'), `undefined peer "${s.at}": accept waits at the reference server named by serve${served ? ` ("${served}")` : ', and there is none'}`);
        else if (!started) report.at(at, 'accept comes after start: client');
        else if (peers.has(s.as) && s.as !== served) report.at([...at, 'as'], `peer "${s.as}" is already defined at steps[${peers.get(s.as)!.defined}]`);
        else if (peers.has(s.as)) report.at(at, `"${s.as}" is already an accepted connection (steps[${peers.get(s.as)!.defined}]): name the next one with as`);
        else peers.set(s.as, { defined: j, udp });
        break;
      case 'send': {
        const peer = usePeer(s.from, [...at, 'from'], j, 'send');
        if (peer?.answers && !heard.has(s.from)) report.at([...at, 'from'], `${s.from} answers the last datagram the client sent it, and none is expected yet: put expect: { at: ${s.from}, text: "..." } before this send`);
        placeholders(report, s.text, [...at, 'text']);
        break;
      }
      case 'expect':
      case 'expect-none':
        if (s.at === STDOUT) needStarted([...at, 'at']);
        else usePeer(s.at, [...at, 'at'], j, 'read');
        if (s.kind === 'expect') heard.add(s.at);
        if (s.text !== undefined) placeholders(report, s.text, [...at, 'text']);
        break;
      case 'expect-closed': {
        const peer = usePeer(s.at, field('at'), j, 'read');
        if (peer?.udp) report.at(field('at'), tcpOnly('expect-closed', s.at));
        break;
      }
      case 'close':
      case 'reset':
      case 'end': {
        const peer = peers.get(s.peer);
        if (peer?.udp) {
          report.at(at, tcpOnly(s.kind, s.peer));
          break;
        }
        usePeer(s.peer, at, j, 'end');
        if (peer && !(peer.ended && peer.ended.kind !== 'end')) peer.ended = { kind: s.kind, at: j };
        break;
      }
      case 'stdin':
        if (prog.stdin === 'closed') report.at(at, `the ${role}'s stdin is closed: set programs.${role}.stdin to open to type into it`);
        else needStarted(at);
        placeholders(report, s.text, at);
        break;
      case 'expect-exit':
      case 'expect-running':
        needStarted(at);
        break;
    }
  });
}

/** A step that only a TCP connection can take, asked of a UDP peer. */
function tcpOnly(kind: 'close' | 'reset' | 'end' | 'expect-closed', peer: string): string {
  const what = kind === 'expect-closed' ? 'for the program to close' : `to ${kind}`;
  return `${kind} is TCP only: "${peer}" is a udp peer, and datagrams have no connection ${what}`;
}

// Whether a step was written in its short form (`connect: A`), so its fields have no node.
export function stepIsShort(report: Reporter, at: Path): boolean {
  return isScalar(report.node(at));
}

/** A text's placeholders must be the steps' own ({nonce}). */
export function placeholders(report: Reporter, text: string, at: Path): void {
  for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!)) {
      report.at(at, `unknown placeholder {${m[1]}}: only ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')} is replaced`);
      return;
    }
  }
}
