// The boot file (grader/sandbox/boot.ts) against plain `python3 -s -B`: a student's script must not
// tell the two apart, by its argv, paths, builtins, tracebacks, syntax errors or exit status.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_FILE, SYS_PATH_ENV } from '../../grader/sandbox/boot.js';
import { resolvePython, type PythonInfo } from '../../grader/sandbox/python.js';
import { writeGraderSite } from '../../grader/sandbox/reuseaddr.js';

const SCRIPTS: Record<string, string> = {
  'introspect.py': "import sys\nprint(sys.argv, __name__, __file__, sys.path[0], sys.path[2:])\nprint(type(exit).__name__, type(quit).__name__, 'sitecustomize' in sys.modules)\n",
  'traceback.py': 'def f():\n    raise ValueError("boom")\nf()\n',
  'python2.py': 'print "Ola"\n',
  'exit-text.py': 'import sys\nsys.exit("bye")\n',
  'exit-code.py': 'exit(3)\n',
  'thread-outlives.py': 'import threading, time\nthreading.Thread(target=lambda: (time.sleep(0.2), print("late"))).start()\nraise RuntimeError("main dies")\n',
  'sibling.py': 'import helper\nprint(helper.VALUE)\n',
  'helper.py': 'VALUE = 42\n',
};

let dir: string;
let site: string;
let python: PythonInfo;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-boot-'));
  site = writeGraderSite(path.join(dir, 'site'));
  fs.mkdirSync(path.join(dir, 'work'));
  for (const [name, text] of Object.entries(SCRIPTS)) fs.writeFileSync(path.join(dir, 'work', name), text);
  python = await resolvePython(execFileSync('python3', ['-c', 'import sys; print(sys.executable)']).toString().trim());
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>) {
  const result = spawnSync(python.path, args, { cwd: path.join(dir, 'work'), env: { ...process.env, PYTHONPATH: site, ...env }, encoding: 'utf8' });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

describe('the boot file', () => {
  it('knows the sys.path site would build', () => {
    expect(python.sitePath?.length).toBeGreaterThan(0);
  });

  for (const name of Object.keys(SCRIPTS).filter((n) => n !== 'helper.py')) {
    it(`runs ${name} exactly as python3 -s -B does`, () => {
      const plain = run(['-s', '-B', name, 'a1', '5000'], {});
      const booted = run(['-S', '-B', path.join(site, BOOT_FILE), name, 'a1', '5000'], { [SYS_PATH_ENV]: python.sitePath!.join(':') });
      expect(booted).toEqual(plain);
    });
  }
});
