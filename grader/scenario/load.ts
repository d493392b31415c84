// Reading an exercise.yaml: parse, validate against the schema and across the file, and report
// every problem as one sentence, `exercise.yaml:L:C: path: what is wrong.`
import fs from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { checkWhole } from './check-file.js';
import { closest, describe, isRecord, lowerFirst, Reporter, sortProblems, type Path, type Problem } from './report.js';
export type { Problem } from './report.js';
import {
  ARGS, DEFAULT_MS, ROLES, STEP_FORMS, STEP_KINDS, STEPS,
  check as checkSchema, exercise as exerciseSchema,
  type Role, type Scenario, type ScenarioCheck, type ScenarioProgram, type Step, type StepKind,
} from './schema.js';

/** The file name every problem names. */
export const SCENARIO_FILE = `exercise.yaml`;


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
    return p ? [{ role, files: p.files, args: p.args ?? [...ARGS[role]], protocol: p.protocol, stdin: p.stdin, instance: p.instance ?? 'per-check' }] : [];
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
