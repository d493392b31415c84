// Reading an exercise.yaml: parse, validate against the schema and across the file, and report
// every problem as one sentence, `exercise.yaml:L:C: path: what is wrong.`
import fs from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type * as z from 'zod';
import {
  ARGS, DEFAULT_MS, PLACEHOLDERS, ROLES, SCENARIO_LANGS, STDOUT, STEP_FORMS, STEP_KINDS, STEPS,
  check as checkSchema, exercise as exerciseSchema,
  type Role, type Scenario, type ScenarioCheck, type ScenarioProgram, type Step, type StepKind,
} from './schema.js';

/** The file name every problem names. */
export const SCENARIO_FILE = `exercise.yaml`;

/** One problem of an exercise.yaml, at a line and column (both 1-based). */
export interface Problem {
  line: number;
  col: number;
  /** Where in the document: `checks[0].steps[2].send.from`, or `top level`. */
  path: string;
  message: string;
}

/** A problem as the one sentence shown to the teacher. */
export function sentence(p: Problem): string {
  const text = `${SCENARIO_FILE}:${p.line}:${p.col}: ${p.path}: ${p.message}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** An exercise.yaml that cannot be used; the message is the first problem's sentence. */
export class ScenarioError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.length > 0 ? sentence(problems[0]!) : `${SCENARIO_FILE}: invalid`);
    this.name = 'ScenarioError';
  }

  /** Every problem, one sentence each. */
  get sentences(): string[] {
    return this.problems.map(sentence);
  }
}

/** What the loader must know about the world around the file. */
export interface LoadContext {
  /** The exercise folder's name: the id must equal it. */
  folder?: string;
  /** Ids of the other exercises. */
  takenIds?: Iterable<string>;
  /** File names (any case) other exercises accept, and which exercise does. */
  takenFiles?: Map<string, string>;
}

type Path = (string | number)[];

/** Extra time a check gets beyond the sum of its steps' deadlines (before scaling). */
const CHECK_MARGIN_MS = 1000;
/** How long starting the server may take (the check API's readiness deadline). */
const READY_MS = 5000;
/** What launching a client costs at most before its first wait. */
const CLIENT_START_MS = 500;

/** Reads and validates an exercise.yaml; throws ScenarioError with every problem. */
export function loadScenarioFile(file: string, context: LoadContext = {}): Scenario {
  const { scenario, problems } = parseScenario(fs.readFileSync(file, 'utf8'), context);
  if (!scenario) throw new ScenarioError(problems);
  return scenario;
}

/** Parses and validates the text of an exercise.yaml: the scenario, or the problems (sorted by place). */
export function parseScenario(text: string, context: LoadContext = {}): { scenario?: Scenario; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const report = new Reporter(doc, lines);
  for (const error of doc.errors) {
    const at = lines.linePos(error.pos[0]);
    report.problems.push({ line: at.line, col: at.col, path: 'yaml', message: lowerFirst(error.message.split('\n')[0]!.replace(/\.$/, '')) });
  }
  if (report.problems.length > 0) return { problems: report.problems };
  const data: unknown = doc.toJS();
  if (!isRecord(data)) {
    report.at([], `must be a mapping with id, title, programs and checks, not ${describe(data)}`);
    return { problems: report.problems };
  }
  const top = report.parse(exerciseSchema, data, []);
  const rawChecks = Array.isArray(data.checks) ? data.checks : [];
  const checks = rawChecks.map((raw, i) => parseCheck(report, raw, i));
  if (top) checkWhole(report, top, checks, context);
  if (report.problems.length > 0 || !top) return { problems: sortProblems(report.problems) };
  const programs = ROLES.flatMap((role): ScenarioProgram[] => {
    const p = top.programs[role];
    return p ? [{ role, files: p.files, protocol: p.protocol, stdin: p.stdin, instance: p.instance ?? 'per-check' }] : [];
  });
  const scenario: Scenario = { id: top.id, title: top.title, programs, checks: checks.map((c) => c!), ...(top.limits ? { limits: top.limits } : {}) };
  return { scenario, problems: [] };
}

// ---- One check and its steps -------------------------------------------------------------------

function parseCheck(report: Reporter, raw: unknown, i: number): ScenarioCheck | undefined {
  const base: Path = ['checks', i];
  const check = report.parse(checkSchema, raw, base);
  const rawSteps = isRecord(raw) && Array.isArray(raw.steps) ? raw.steps : [];
  const steps = rawSteps.map((s, j) => parseStep(report, s, [...base, 'steps', j]));
  if (!check || steps.some((s) => !s)) return undefined;
  const ready = steps as Step[];
  return {
    id: check.id,
    program: check.program,
    weight: check.weight,
    needs: check.needs ?? [],
    timeoutMs: check.timeout ?? defaultTimeout(ready),
    title: check.title,
    hint: check.hint,
    steps: ready,
  };
}

function parseStep(report: Reporter, raw: unknown, at: Path): Step | undefined {
  if (!isRecord(raw)) return void report.at(at, `must be one step written as name: value (like connect: A), not ${describe(raw)}`);
  const keys = Object.keys(raw);
  if (keys.length !== 1) {
    return void report.at(at, keys.length === 0 ? 'is an empty step' : `holds ${keys.length} steps (${keys.join(', ')}): write each as its own "- name: value" item`);
  }
  const kind = keys[0]!;
  if (!(STEP_KINDS as string[]).includes(kind)) {
    const near = closest(kind, STEP_KINDS);
    return void report.atKey(at, kind, `unknown step "${kind}"${near ? ` (did you mean "${near}"?)` : ''}: the steps are ${STEP_KINDS.join(', ')}`);
  }
  const k = kind as StepKind;
  const value = report.parse(STEPS[k] as z.ZodType, raw[kind], [...at, kind], STEP_FORMS[k]);
  return value === undefined ? undefined : normalise(k, value);
}

// The parsed form of each step → the loaded step, with defaults filled in.
function normalise(kind: StepKind, v: any): Step {
  switch (kind) {
    case 'start':
      return { kind, program: v as Role };
    case 'connect':
      return { kind, peer: v.peer, withinMs: v.within ?? DEFAULT_MS.connect };
    case 'serve':
      return { kind, server: v };
    case 'accept':
      return { kind, at: v.at, as: v.as ?? v.at, withinMs: v.within ?? DEFAULT_MS.accept };
    case 'send':
      return { kind, from: v.from, text: v.text };
    case 'expect':
      return { kind, at: v.at, text: v.text, withinMs: v.within ?? DEFAULT_MS.expect };
    case 'expect-none':
      return { kind, at: v.at, ...(v.text !== undefined ? { text: v.text } : {}), forMs: v.for ?? DEFAULT_MS['expect-none'] };
    case 'expect-closed':
      return { kind, at: v.at, withinMs: v.within ?? DEFAULT_MS['expect-closed'] };
    case 'close':
    case 'reset':
    case 'end':
      return { kind, peer: v };
    case 'stdin':
      return { kind, text: v };
    case 'expect-exit':
      return { kind, ...(v.status !== undefined ? { status: v.status } : {}), withinMs: v.within ?? DEFAULT_MS['expect-exit'] };
    case 'expect-running':
      return { kind, forMs: v.for ?? DEFAULT_MS['expect-running'] };
  }
}

/** A check's deadline: every step's own wait in turn, plus a margin. */
export function defaultTimeout(steps: Step[]): number {
  let started = false;
  let total = CHECK_MARGIN_MS;
  for (const s of steps) {
    if (s.kind === 'start') total += s.program === 'server' ? READY_MS : CLIENT_START_MS;
    if (s.kind === 'connect' && !started) total += READY_MS;
    if (s.kind === 'start' || s.kind === 'connect') started = true;
    if ('withinMs' in s) total += s.withinMs;
    if ('forMs' in s) total += s.forMs;
  }
  return total;
}

// ---- What needs the whole file -----------------------------------------------------------------

function checkWhole(report: Reporter, top: z.output<typeof exerciseSchema>, checks: (ScenarioCheck | undefined)[], context: LoadContext): void {
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
function checkSteps(report: Reporter, c: ScenarioCheck, base: Path, stdin: 'closed' | 'open'): void {
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
function stepIsShort(report: Reporter, at: Path): boolean {
  return isScalar(report.node(at));
}

function placeholders(report: Reporter, text: string, at: Path): void {
  for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!)) {
      report.at(at, `unknown placeholder {${m[1]}}: only ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')} is replaced`);
      return;
    }
  }
}

// ---- Problems at places ------------------------------------------------------------------------

/** Turns schema issues and semantic findings into problems at the right line and column. */
class Reporter {
  readonly problems: Problem[] = [];

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Validates `raw` against `schema`; issues become problems under `base`. */
  parse<T extends z.ZodType>(schema: T, raw: unknown, base: Path, form?: string): z.output<T> | undefined {
    const result = schema.safeParse(raw, { reportInput: true, error: genericMessage } as never);
    if (result.success) return result.data;
    for (const issue of result.error.issues) this.issue(issue, raw, base, form);
    return undefined;
  }

  private issue(issue: z.core.$ZodIssue, raw: unknown, base: Path, form?: string): void {
    // A step in its short form (`connect: A`) has no fields to point at: its value is the place.
    if (form !== undefined && isScalar(this.node(base)) && issue.code !== 'invalid_type') return this.at(base, issue.message);
    const path = [...base, ...(issue.path as Path)];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) this.atKey(path, key, issue.message.replace('{key}', key));
      return;
    }
    // A required key that is not there: said at its parent.
    const local = issue.path as Path;
    if (issue.code === 'invalid_type' && local.length > 0) {
      const parent = valueAt(raw, local.slice(0, -1));
      const key = local[local.length - 1]!;
      if (isRecord(parent) && !(String(key) in parent)) {
        const lang = (SCENARIO_LANGS as readonly string[]).includes(String(key));
        this.at(path.slice(0, -1), lang ? `missing the ${key} translation` : `missing "${key}"`);
        return;
      }
    }
    // A step's value of the wrong kind altogether: say how the step is written.
    if (form && local.length === 0 && issue.code === 'invalid_type') {
      this.at(path, `must be written as ${form}, not ${describe(valueAt(raw, []))}`);
      return;
    }
    this.at(path, issue.message);
  }

  /** A problem at the node of `path` (or its nearest ancestor that exists). */
  at(path: Path, message: string): void {
    this.push(path, this.offsetOf(path, false), message);
  }

  /** A problem at a key of the mapping at `path` (for unknown keys and step names). */
  atKey(path: Path, key: string, message: string): void {
    this.push([...path, key], this.offsetOf([...path, key], true), message);
  }

  /** The YAML node at `path`, if it exists. */
  node(path: Path): unknown {
    return this.walk(path, false).node;
  }

  private push(path: Path, offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.problems.push({ line, col, path: showPath(path), message });
  }

  private offsetOf(path: Path, key: boolean): number {
    return rangeStart(this.walk(path, key).node) ?? 0;
  }

  // Follows `path` through maps and sequences; stops at the deepest node that exists.
  private walk(path: Path, key: boolean): { node: unknown } {
    let node: unknown = this.doc.contents;
    for (const [i, seg] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
        if (!pair) break;
        const last = i === path.length - 1;
        node = last && key ? pair.key : (pair.value ?? pair.key);
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
        node = node.items[seg];
      } else break;
    }
    return { node };
  }
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

/** Default messages for issues whose schema says nothing of its own. */
function genericMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${expected(String(issue.expected))}, not ${describe(issue.input)}`;
    case 'unrecognized_keys':
      return 'unknown key "{key}"';
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, not ${describe(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array' ? `must list at least ${issue.minimum} item(s)` : issue.origin === 'string' ? 'must not be empty' : `must be at least ${issue.minimum}, not ${describe(issue.input)}`;
    case 'too_big':
      return issue.origin === 'array' ? `must list at most ${issue.maximum} item(s)` : issue.origin === 'string' ? `must be at most ${issue.maximum} characters long` : `must be at most ${issue.maximum}, not ${describe(issue.input)}`;
    default:
      return 'is not valid here';
  }
}

function expected(type: string): string {
  const words: Record<string, string> = { string: 'text', number: 'a number', int: 'a whole number', object: 'a mapping (key: value)', array: 'a list', boolean: 'true or false' };
  return words[type] ?? type;
}

/** A value as a message quotes it. */
function describe(value: unknown): string {
  if (value === undefined || value === null) return 'empty';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function showPath(path: Path): string {
  if (path.length === 0) return 'top level';
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

function valueAt(raw: unknown, path: Path): unknown {
  let value = raw;
  for (const seg of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[seg];
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The known word nearest to `word` (edit distance at most 2), for "did you mean". */
function closest(word: string, known: readonly string[]): string | undefined {
  let best: { w: string; d: number } | undefined;
  for (const w of known) {
    const d = distance(word, w);
    if (d <= 2 && (!best || d < best.d)) best = { w, d };
  }
  return best?.w;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}
