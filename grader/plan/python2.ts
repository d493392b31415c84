// `python2: run`: the programs Python 3 rejects and Python 2 compiles are given to Python 2.
import path from 'node:path';
import { execa } from 'execa';
import { msg } from '../check/failure.js';
import type { Msg } from '../events.js';
import type { PythonInfo } from '../sandbox/python.js';
import type { PlannedProgram, RunPlan } from './types.js';

/** Where Python 3 stopped reading a file: the line a student's page quotes. */
export interface SyntaxStop {
  message: string;
  line: number;
  text: string;
}

// One interpreter start compiles every file of the class: a start each would cost ~30 ms × files.
// Written for both majors (no f-strings, print as a function of one argument).
const COMPILE_ALL = `import json, sys
out = {}
for p in json.loads(sys.stdin.read()):
    try:
        with open(p, 'rb') as f:
            compile(f.read(), p, 'exec')
    except SyntaxError as e:
        out[p] = [str(e.msg), e.lineno or 0, (e.text or '').strip()[:200]]
    except Exception as e:
        out[p] = [str(e), 0, '']
print(json.dumps(out))
`;

/** The files `interpreter` cannot compile, each with where it stopped. */
export async function syntaxStops(interpreter: string, files: string[]): Promise<Map<string, SyntaxStop>> {
  const stops = new Map<string, SyntaxStop>();
  if (files.length === 0) return stops;
  const result = await execa(interpreter, ['-B', '-c', COMPILE_ALL], { input: JSON.stringify(files), reject: false, timeout: 30000 });
  if (result.exitCode !== 0) return stops;
  const parsed = JSON.parse(String(result.stdout)) as Record<string, [string, number, string]>;
  for (const [file, [message, line, text]] of Object.entries(parsed)) stops.set(file, { message, line, text });
  return stops;
}

/**
 * Marks each graded program that Python 3 rejects and Python 2 compiles to run with Python 2, keeping
 * the line Python 3 stopped at for its neutral python2-syntax finding. A file broken in both stays
 * with Python 3, whose error is the student's to fix. Without a Python 2 interpreter, each file
 * Python 3 rejects gets a note saying why it was not run with Python 2 as the class file asked.
 */
export async function assignPython2(plan: RunPlan, python3: PythonInfo, python2: PythonInfo | undefined): Promise<number> {
  const owners = new Map<string, { program: PlannedProgram; notes: Msg[] }>();
  for (const s of plan.submissions) {
    if (s.error) continue;
    for (const x of s.exercises) {
      for (const program of x.programs) owners.set(path.join(s.dir, program.relPath), { program, notes: s.notes });
    }
  }
  const rejected = await syntaxStops(python3.path, [...owners.keys()]);
  const alsoRejected = python2 ? await syntaxStops(python2.path, [...rejected.keys()]) : new Map<string, SyntaxStop>();
  let count = 0;
  for (const [file, stop] of rejected) {
    if (alsoRejected.has(file)) continue;
    const { program, notes } = owners.get(file)!;
    if (python2) {
      program.interpreter = 'python2';
      program.python3Stop = { line: stop.line, code: stop.text, reason: stop.message, version: python2.version };
      // Its exercises' python2-syntax finding says it, once per program: no submission note too.
      count++;
      continue;
    }
    count++;
    const params = { file: program.relPath, line: stop.line, code: stop.text, reason: stop.message };
    const key = 'plan.python2-missing';
    // A file two exercises share is noted once.
    if (!notes.some((n) => n.key === key && n.params?.file === params.file)) notes.push(msg(key, params));
  }
  return count;
}
