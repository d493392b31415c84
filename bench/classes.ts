// Class folders for the benchmarks: copies of the reference solutions and of the bundled fixtures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../grader/paths.js';

/** The bundled example submissions (the README's first command grades them). */
export const FIXTURES = path.join(projectRoot, 'fixtures/submissions');

/**
 * The 32 fixtures bundled when the speed goal "the fixtures in ≤ 25 s" was set (before e0eb461).
 * The 27 added since are mostly the failing root-cause cases, so all 59 are a harder figure.
 */
export const GOAL_FIXTURES = [
  'argv-clean',
  'bytes-printed',
  'chat-asyncio',
  'chat-blocking-accept',
  'chat-busy-loop',
  'chat-client-ignores-close',
  'chat-echo-all',
  'chat-handshake-in-accept-loop',
  'chat-kicks-sender',
  'chat-latin1',
  'chat-lockstep-client',
  'chat-nick-prompt',
  'chat-one-recv-one-message',
  'chat-print-only',
  'chat-py2-server',
  'chat-relay-to-sender-only',
  'chat-select',
  'chat-socketserver',
  'chat-threaded',
  'client-never-closes',
  'client-wrong-text',
  'handout-py2',
  'handout-py3-fixed-port',
  'lowercase-ola',
  'nested-folders',
  'only-server',
  'server-never-closes',
  'server-never-prints',
  'server-one-shot',
  'str-send-py3',
  'udp-pair',
  'udp-stream-by-mistake',
];

/** A fresh scratch folder under the system temp dir; the caller removes it. */
export function scratch(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sg-bench-${prefix}-`));
}

/** A class of `count` correct full submissions: every exercise's reference solution in one folder. */
export function correctClass(count: number): string {
  const dir = scratch('correct');
  const sources = ['tcp-hello', 'chat', 'udp-hello'].map((id) => path.join(projectRoot, 'exercises', id, 'solution'));
  for (let i = 0; i < count; i++) {
    const student = path.join(dir, `aluno-${String(i).padStart(3, '0')}`);
    for (const source of sources) fs.cpSync(source, student, { recursive: true });
  }
  return dir;
}

/** The fixture submissions' folder names, sorted. */
export function fixtureNames(): string[] {
  return fs.readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/**
 * A class of `count` submissions cycling through the fixtures, so passing and failing ones come
 * in the proportions of the fixtures (expected.json stays out: it is not a student's file).
 */
export function mixedClass(count: number): string {
  const dir = scratch('mixed');
  const names = fixtureNames();
  for (let i = 0; i < count; i++) {
    const name = names[i % names.length]!;
    fs.cpSync(path.join(FIXTURES, name), path.join(dir, `${String(i).padStart(3, '0')}-${name}`), {
      recursive: true,
      filter: (src) => path.basename(src) !== 'expected.json',
    });
  }
  return dir;
}

/** A class of the given fixtures only (one copy each). */
export function fixturesClass(names: string[]): string {
  const dir = scratch('some');
  for (const name of names) fs.cpSync(path.join(FIXTURES, name), path.join(dir, name), { recursive: true });
  return dir;
}
