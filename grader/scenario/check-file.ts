// What an exercise.yaml must satisfy across the file: ids, file names, peers defined before use,
// step order, placeholders, stdin only where the program has one.
import { isScalar } from 'yaml';
import type * as z from 'zod';
import type { LoadContext } from './load.js';
import type { Path, Reporter } from './report.js';
import {
  ARGS, PLACEHOLDERS, ROLES, STDOUT,
  exercise as exerciseSchema,
  type Role, type ScenarioCheck,
} from './schema.js';
export function checkWhole(report: Reporter, top: z.output<typeof exerciseSchema>, checks: (ScenarioCheck | undefined)[], context: LoadContext): void {
  if (context.folder !== undefined && top.id !== context.folder) report.at(['id'], `must be the folder's name "${context.folder}", not "${top.id}"`);
  if ([...(context.takenIds ?? [])].includes(top.id)) report.at(['id'], `exercise "${top.id}" already exists`);
  const seenFiles = new Map<string, Role>();
  for (const role of ROLES) {
    const p = top.programs[role];
    if (!p) continue;
    if (p.args && (p.args.length !== ARGS[role].length || p.args.some((a, i) => a !== ARGS[role][i]))) {
      report.at(['programs', role, 'args'], `the check API launches the ${role} as python3 <file> ${ARGS[role].join(' ')}, so args must be ${JSON.stringify(ARGS[role])}`);
    }
    if (role === 'client' && p.instance !== undefined) report.atKey(['programs', role], 'instance', 'instance is for the server only: every client check starts its own client');
    p.files.forEach((file, i) => {
      const lower = file.toLowerCase();
      const other = context.takenFiles?.get(lower);
      if (other) report.at(['programs', role, 'files', i], `"${file}" is already a file name of exercise ${other}`);
      else if (seenFiles.has(lower)) report.at(['programs', role, 'files', i], `"${file}" is already a file name of the ${seenFiles.get(lower)}`);
      seenFiles.set(lower, role);
    });
  }
  const ids = new Map<string, number>();
  checks.forEach((c, i) => {
    if (!c) return;
    const base: Path = ['checks', i];
    const prog = top.programs[c.program];
    if (!prog) {
      const defined = ROLES.filter((r) => top.programs[r]);
      report.at([...base, 'program'], `unknown program "${c.program}": this exercise defines only ${defined.join(' and ')}`);
    }
    const first = ids.get(c.id);
    if (first !== undefined) report.at([...base, 'id'], `duplicate check id "${c.id}" (also checks[${first}])`);
    else ids.set(c.id, i);
    c.needs.forEach((need, n) => {
      const j = checks.findIndex((o) => o?.id === need);
      const other = checks[j];
      const where = [...base, 'needs', n];
      if (j < 0) report.at(where, `unknown check "${need}": needs names an earlier check of the same program`);
      else if (j >= i) report.at(where, `"${need}" does not come before this check: needs names an earlier check (checks run in order)`);
      else if (other && other.program !== c.program) report.at(where, `"${need}" is a check of the ${other.program}: needs names an earlier check of the same program`);
    });
    // Steps are judged against their program: a check of a program that does not exist has none to be judged by.
    if (prog) checkSteps(report, c, base, prog.stdin);
  });
}

/** The order of a check's steps: peers defined before use, programs started before watched. */
export function checkSteps(report: Reporter, c: ScenarioCheck, base: Path, stdin: 'closed' | 'open'): void {
  const role = c.program;
  let started = false;
  let served: string | undefined;
  /** Peer → the step that defined it, and how our side ended it (if it did). */
  const peers = new Map<string, { defined: number; ended?: { kind: 'close' | 'reset' | 'end'; at: number } }>();
  const defineWord = role === 'server' ? 'connect' : 'accept';
  const usePeer = (name: string, at: Path, j: number, action: 'send' | 'read' | 'end') => {
    const peer = peers.get(name);
    if (!peer) {
      const note = role === 'client' && name === served ? ` (it is the reference server: accept: ${name} gives the connection from the client)` : '';
      report.at(at, `undefined peer "${name}": ${defineWord} it in an earlier step of this check${note}`);
      return;
    }
    const ended = peer.ended;
    if (!ended || ended.at >= j) return;
    // After `end` (our sending side shut) a peer still reads, and may still close or reset.
    if (ended.kind === 'end' && action !== 'send') return;
    report.at(at, `peer "${name}" was already ${ended.kind === 'end' ? 'ended (its sending side)' : ended.kind === 'close' ? 'closed' : 'reset'} at steps[${ended.at}]`);
  };
  const needStarted = (at: Path) => {
    if (!started) report.at(at, role === 'server' ? 'the server is not started yet: put start: server (or a connect) before this step' : 'the client is not started yet: put serve and start: client before this step');
  };
  c.steps.forEach((s, j) => {
    const at: Path = [...base, 'steps', j, s.kind];
    const field = (name: string): Path => (stepIsShort(report, [...base, 'steps', j, s.kind]) ? at : [...at, name]);
    switch (s.kind) {
      case 'start':
        if (s.program !== role) report.at(at, `this check's program is the ${role}, so it starts the ${role}, not the ${s.program}`);
        else if (role === 'client' && served === undefined) report.at(at, 'the client is started against the reference server: put serve: <name> before it');
        else if (started && role === 'client') report.at(at, 'the client is already started in this check');
        started = true;
        break;
      case 'connect':
        if (role === 'client') {
          report.at(at, `connect belongs in a server check (it connects to the student's server): a client check uses serve and accept`);
          break;
        }
        if (peers.has(s.peer)) report.at(field('peer'), `peer "${s.peer}" is already defined at steps[${peers.get(s.peer)!.defined}]`);
        else peers.set(s.peer, { defined: j });
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
        else if (s.at !== served) report.at(field('at'), `undefined peer "${s.at}": accept waits at the reference server named by serve${served ? ` ("${served}")` : ', and there is none'}`);
        else if (!started) report.at(at, 'accept comes after start: client');
        else if (peers.has(s.as) && s.as !== served) report.at([...at, 'as'], `peer "${s.as}" is already defined at steps[${peers.get(s.as)!.defined}]`);
        else if (peers.has(s.as)) report.at(at, `"${s.as}" is already an accepted connection (steps[${peers.get(s.as)!.defined}]): name the next one with as`);
        else peers.set(s.as, { defined: j });
        break;
      case 'send':
        usePeer(s.from, [...at, 'from'], j, 'send');
        placeholders(report, s.text, [...at, 'text']);
        break;
      case 'expect':
      case 'expect-none':
        if (s.at === STDOUT) needStarted([...at, 'at']);
        else usePeer(s.at, [...at, 'at'], j, 'read');
        if (s.text !== undefined) placeholders(report, s.text, [...at, 'text']);
        break;
      case 'expect-closed':
        usePeer(s.at, field('at'), j, 'read');
        break;
      case 'close':
      case 'reset':
      case 'end': {
        usePeer(s.peer, at, j, 'end');
        const peer = peers.get(s.peer);
        if (peer && !(peer.ended && peer.ended.kind !== 'end')) peer.ended = { kind: s.kind, at: j };
        break;
      }
      case 'stdin':
        if (stdin === 'closed') report.at(at, `the ${role}'s stdin is closed: set programs.${role}.stdin to open to type into it`);
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

// Whether a step was written in its short form (`connect: A`), so its fields have no node.
export function stepIsShort(report: Reporter, at: Path): boolean {
  return isScalar(report.node(at));
}

export function placeholders(report: Reporter, text: string, at: Path): void {
  for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!)) {
      report.at(at, `unknown placeholder {${m[1]}}: only ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')} is replaced`);
      return;
    }
  }
}

