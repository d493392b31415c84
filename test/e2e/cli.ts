// Helpers for end-to-end tests: run the real CLI (built in dist/) and read what it wrote.
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'dist/grader/cli.js');
export const FIXTURES = path.join(ROOT, 'fixtures/submissions');

/** A fresh output folder under the OS temp dir. */
export function tempOut(prefix = 'sg-e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs `grade` with arguments; never throws on a non-zero exit. */
export function grade(args: string[], options: { env?: Record<string, string>; timeout?: number } = {}) {
  return execa(process.execPath, [CLI, ...args], { cwd: ROOT, reject: false, timeout: options.timeout ?? 600_000, env: { NO_COLOR: '1', ...options.env } });
}

/** The parsed results.json of an output folder. */
export function readResults(out: string): Results {
  return JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
}

/** The parts of results.json the tests read. */
export interface Results {
  schemaVersion: number;
  submissions: {
    id: string;
    path: string;
    score: number;
    exercises: {
      id: string;
      status: string;
      score: number;
      maxScore: number;
      checks: {
        id: string;
        status: string;
        weight: number;
        message: string | null;
        hint: string | null;
        cause?: string | null;
        notes?: string[];
        transcript: { kind: string; from: string; to: string; text: string }[];
      }[];
      diagnostics: { code: string; file: string | null; line: number | null; checks?: string[] }[];
    }[];
  }[];
}

/** What a fixture's expected.json says. */
export interface Expected {
  description: string;
  exercises: Record<string, { status: string; checks: Record<string, string>; causes?: Record<string, string>; notes?: Record<string, string>; messages?: Record<string, string>; diagnostics: string[] }>;
}

/** Every fixture case folder with its expected verdicts. */
export function fixtureCases(dir = FIXTURES): { id: string; expected: Expected }[] {
  return fs
    .readdirSync(dir)
    .filter((id) => fs.existsSync(path.join(dir, id, 'expected.json')))
    .sort()
    .map((id) => ({ id, expected: JSON.parse(fs.readFileSync(path.join(dir, id, 'expected.json'), 'utf8')) as Expected }));
}

/** The teacher's own echo exercise: tcp-echo's scenario under another id and other file names. */
export function teachersEcho(dir: string): void {
  const text = fs
    .readFileSync(path.join(ROOT, 'exercises/tcp-echo/exercise.yaml'), 'utf8')
    .replace(/^id: tcp-echo$/m, 'id: eco')
    .replace(/files: \[[^\]]*servidor_eco\.py[^\]]*\]/, 'files: [eco_srv.py]')
    .replace(/files: \[[^\]]*cliente_eco\.py[^\]]*\]/, 'files: [eco_cli.py]');
  expect(text).toContain('files: [eco_srv.py]');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'exercise.yaml'), text);
}
