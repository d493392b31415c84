// Reading the teacher's class file (sockgrade.yaml): YAML → validated ClassFile. Every mistake is
// one sentence, `file:line:col: path: what is wrong; how to fix`, thrown as a UsageError (exit 2).
import fs from 'node:fs';
import path from 'node:path';
import { isMap, LineCounter, parseDocument, visit, type Alias, type Document } from 'yaml';
import type * as z from 'zod';
import { UsageError } from '../errors.js';
import { EXERCISES, loadExerciseDir } from '../exercises.js';
import { displayPath, duplicateKey, lastKeyPosition, positionOf, type Position } from './positions.js';
import { classFileSchema, isExercisePath, type ClassFile, type SchemaContext } from './schema.js';
import { sha256 } from './settings.js';

/** The class file's name, looked for at the root of the graded folder or beside the zip. */
export const CLASS_FILE_NAME = 'sockgrade.yaml';

/** What the loader may ask of the scenario loader (another module): a scenario's check ids. */
export interface LoadOptions {
  /** The check ids of the scenario exercise in `folder`; undefined when unknown (weights then go unchecked). */
  scenarioCheckIds?: (folder: string) => readonly string[] | undefined;
}

/** Where the text came from: the name errors show, and the folder exercise paths are relative to. */
export interface Source {
  label: string;
  dir: string;
}

/** Reads, parses and validates a class file; throws UsageError (code `class-file`). */
export function loadClassFile(file: string, options: LoadOptions = {}): ClassFile {
  return readClassFile(file, options).classFile;
}

/** As loadClassFile, with the sha256 of the bytes read (for the report's "graded with" line). */
export function readClassFile(file: string, options: LoadOptions = {}): { classFile: ClassFile; sha256: string; file: string } {
  const bytes = readBytes(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fail(`${file}: the file is not UTF-8 text; save it as UTF-8 (every editor offers it under "Save as")`);
  }
  const classFile = parseClassFile(text, { label: file, dir: path.dirname(path.resolve(file)) }, options);
  return { classFile, sha256: sha256(bytes), file: path.resolve(file) };
}

/**
 * The class file for a run: `--config <file>` wins; otherwise sockgrade.yaml at the root of a
 * folder target, or beside a zip target. Undefined when there is none.
 */
export function findClassFile(target: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return path.resolve(explicit);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return undefined;
  }
  const candidate = path.join(stat.isDirectory() ? target : path.dirname(target), CLASS_FILE_NAME);
  return fs.existsSync(candidate) && fs.statSync(candidate).isFile() ? path.resolve(candidate) : undefined;
}

/** Parses and validates class-file text; it reads nothing from disk but the folders `exercises` names. */
export function parseClassFile(text: string, source: Source, options: LoadOptions = {}): ClassFile {
  const counter = new LineCounter();
  const at = (pos: Position) => `${source.label}:${pos.line}:${pos.col}`;
  const tab = tabIndent(text);
  if (tab) throw fail(`${source.label}:${tab.line}:${tab.col}: the YAML is not valid: line ${tab.line} is indented with a tab; indent with spaces only`);
  // Duplicates are found below, where their path can be named.
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { keepSourceTokens: true, lineCounter: counter, uniqueKeys: false, prettyErrors: false });
  const bad = doc.errors[0];
  if (bad) {
    const pos = counter.linePos(bad.pos[0]);
    throw fail(`${at({ offset: bad.pos[0], ...pos })}: the YAML is not valid: ${yamlProblem(bad.code, bad.message)}`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw fail(`${at(positionOf(doc, counter, []))}: the file is not a mapping of settings; write one setting per line, such as lang: pt-BR`);
  }
  const dup = duplicateKey(doc);
  if (dup) throw fail(`${at(lastKeyPosition(doc, counter, dup))}: ${displayPath(dup)}: the key appears twice in the same place; keep one of them`);
  const raw = toJS(doc, counter, at);
  const context = schemaContext(raw, source.dir, options);
  const result = classFileSchema(context).safeParse(raw);
  if (!result.success) throw fail(firstIssue(result.error.issues, doc, counter, at));
  allZero(result.data, doc, counter, at);
  return result.data;
}

/** The plain data; an alias to no anchor, or aliases past the library's limit, are YAML mistakes too. */
function toJS(doc: Document, counter: LineCounter, at: (pos: Position) => string): unknown {
  let dangling: Alias | undefined;
  visit(doc, { Alias: (_, alias) => (alias.resolve(doc) ? undefined : ((dangling = alias), visit.BREAK)) });
  if (dangling) {
    const where = dangling.range?.[0] ?? 0;
    throw fail(`${at({ offset: where, ...counter.linePos(where) })}: the YAML is not valid: *${dangling.source} names no anchor; define &${dangling.source} before it, or quote the value`);
  }
  try {
    return doc.toJS() ?? {};
  } catch (error) {
    throw fail(`${at({ offset: 0, line: 1, col: 1 })}: the YAML is not valid: ${yamlReason((error as Error).message)}; write the settings out instead of through aliases`);
  }
}

/** The issue that comes first in the file, as its sentence. */
function firstIssue(issues: readonly z.core.$ZodIssue[], doc: Document, counter: LineCounter, at: (pos: Position) => string): string {
  const placed = issues.map((issue) => {
    // An unknown key is pointed at by its key; zod gives the path of the mapping that holds it.
    const unknown = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const issuePath = unknown === undefined ? issue.path : [...issue.path, unknown];
    const onKey = unknown !== undefined || (issue.code === 'custom' && issue.params?.at === 'key');
    return { issue, issuePath, pos: positionOf(doc, counter, issuePath, onKey ? 'key' : 'value') };
  });
  placed.sort((a, b) => a.pos.offset - b.pos.offset);
  const { issue, issuePath, pos } = placed[0]!;
  const name = displayPath(issuePath);
  return `${at(pos)}: ${name ? `${name}: ` : ''}${issue.message}`;
}

/** An exercise to grade whose every check weighs 0 always scores 0: surely not meant. */
function allZero(file: ClassFile, doc: Document, counter: LineCounter, at: (pos: Position) => string): void {
  if (!file.weights) return;
  for (const exercise of EXERCISES) {
    if (file.exercises && !file.exercises.includes(exercise.id)) continue;
    if (exercise.checks.every((c) => (file.weights![c.id] ?? c.weight) === 0)) {
      throw fail(`${at(positionOf(doc, counter, ['weights'], 'key'))}: weights: every check of ${exercise.id} weighs 0, so it would always score 0; give at least one check a weight above 0`);
    }
  }
}

/** The check ids weights may name, and what is on disk at each exercise path. */
function schemaContext(raw: unknown, dir: string, options: LoadOptions): SchemaContext {
  const exercisePath = (entry: string) => path.resolve(dir, entry.replace(/^~(?=$|\/)/, process.env.HOME ?? '~'));
  let checkIds: string[] | undefined = EXERCISES.flatMap((e) => e.checks.map((c) => c.id));
  const entries = (raw as { exercises?: unknown })?.exercises;
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (typeof entry !== 'string' || !isExercisePath(entry) || exerciseProblem(entry, exercisePath(entry))) continue;
    const ids = (options.scenarioCheckIds ?? scenarioCheckIds)(exercisePath(entry));
    // A scenario whose checks this loader cannot know: its weights are for the scenario loader to check.
    checkIds = ids && checkIds ? [...checkIds, ...ids] : undefined;
  }
  return { exerciseIds: EXERCISES.map((e) => e.id), checkIds, exercisePath, exerciseProblem: (entry) => exerciseProblem(entry, exercisePath(entry)) };
}

/** The check ids of the scenario in `folder`; a broken scenario is reported where the plan loads it, not here. */
function scenarioCheckIds(folder: string): readonly string[] | undefined {
  try {
    return loadExerciseDir(folder).checks.map((c) => c.id);
  } catch {
    return undefined;
  }
}

/** What is wrong on disk with an `exercises` path: only the folder and its exercise.yaml are looked at here. */
function exerciseProblem(entry: string, abs: string): string | undefined {
  if (!fs.existsSync(abs)) return `${entry} does not exist (looked for ${abs}); write the folder's path relative to the class file`;
  if (!fs.statSync(abs).isDirectory()) return `${entry} is not a folder; point it at the folder that holds the exercise.yaml`;
  if (!fs.existsSync(path.join(abs, 'exercise.yaml'))) return `${entry} holds no exercise.yaml; point it at the folder of a scenario exercise`;
  return undefined;
}

/** The first line indented with a tab (YAML forbids it, and editors hide it). */
function tabIndent(text: string): { line: number; col: number } | undefined {
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    const indent = /^[ \t]*/.exec(line)![0];
    if (indent.includes('\t') && line.trim() !== '') return { line: i + 1, col: indent.indexOf('\t') + 1 };
  }
  return undefined;
}

/** The YAML library's reason, as a clause: no "at line…", no trailing period, lower-case first. */
function yamlReason(message: string): string {
  const reason = message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '').replace(/[.:]$/, '').trim();
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}

/** What is wrong and how to fix it, for the usual YAML slips; the library's own words otherwise. */
function yamlProblem(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'a --- line starts a second document; keep one document: remove the --- line, or merge what follows it into the rest';
  // `{ send: SEND {text} }`: an unquoted placeholder inside brackets opens a YAML mapping.
  if (/flow-(map|seq)-start/.test(message)) return 'a { or [ inside a value opens a YAML mapping or list; put the value in quotes, such as "SEND {text}"';
  return `${yamlReason(message)}; ${yamlFix(code, message)}`;
}

/** How to fix the usual YAML slips, from the library's code and reason. */
function yamlFix(code: string, message: string): string {
  if (/end with a [\]}]/.test(message)) return 'close the bracket that was opened on this setting';
  if (/closing .?quote/i.test(message)) return 'close the quote that was opened';
  switch (code) {
    case 'BAD_INDENT':
    case 'MISSING_INDENT':
      return 'indent this line like the other settings at its level';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
    case 'MISSING_CHAR':
      return 'write one key: value per line, with a space after the colon';
    case 'BAD_SCALAR_START':
    case 'BLOCK_IN_FLOW':
    case 'UNEXPECTED_TOKEN':
      return 'put the value in quotes, or remove the extra bracket';
    default:
      return 'check the indentation, the quotes and the brackets there';
  }
}

function readBytes(file: string): Buffer {
  try {
    if (fs.statSync(file).isDirectory()) throw fail(`${file}: is a folder, not a class file; give the path of the ${CLASS_FILE_NAME} file`);
    return fs.readFileSync(file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw fail(`${file}: the class file does not exist; check the path given to --config, or write one with grade init`);
    throw fail(`${file}: the class file cannot be read (${code ?? (error as Error).message}); check its permissions`);
  }
}

function fail(sentence: string): UsageError {
  return new UsageError(sentence, 'class-file');
}
