// Output to a reader that went away (`grade exercises | head -1`) ends quietly, status 0.
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/grader/cli.js');

/** Runs the CLI under bash with pipefail, so the status is node's own and not head's. */
const piped = (args: string) =>
  execa('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" ${args} | head -1`], { cwd: ROOT, reject: false, env: { NO_COLOR: '1' } });

/** Runs the CLI with a stdout whose reader is gone before the first write: every write hits EPIPE. */
function closedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout', () => {
  for (const args of ['exercises', '--help']) {
    it(`grade ${args} | head -1 exits 0 with nothing on stderr`, async () => {
      const run = await piped(args);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout.split('\n')).toHaveLength(1);
    });
  }

  for (const args of [['exercises'], ['exercises', '--json'], ['--help'], ['doctor']]) {
    it(`grade ${args.join(' ')} whose reader is gone exits 0 quietly`, async () => {
      const run = await closedStdout(args);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
    });
  }

  it('a terminal reporter writing to it goes quiet, and the files are still written', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-pipe-'));
    fs.copyFileSync(path.join(ROOT, 'test/fixtures/events/real-run.jsonl'), path.join(out, 'events.jsonl'));
    const run = await closedStdout(['report', out, '--reporter', 'terminal', 'html']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
  });
});
