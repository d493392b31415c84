// Resolving the interpreter once per run: a pyenv shim costs about 300 ms a launch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from './run-command.js';
import { UsageError } from '../errors.js';

/** The real interpreter: absolute path, install prefix and version. */
export interface PythonInfo {
  path: string;
  prefix: string;
  version: string;
  /** Python 3 only: what \`python3 -s\` puts on sys.path after the script's folder (stdlib, site-packages, .pth entries). */
  sitePath?: string[];
}

// The last line: sys.path as site left it, without the grader's own PYTHONPATH.
const PROBE = [
  'import json, os, sys',
  'print(sys.executable); print(sys.base_prefix); print(sys.version.split()[0])',
  "ours = os.environ.get('PYTHONPATH', '').split(os.pathsep)",
  'print(json.dumps([p for p in sys.path[1:] if p and p not in ours]))',
].join('\n');

/** Asks `command` (python3, a path, a shim) where its real executable is. */
export async function resolvePython(command: string): Promise<PythonInfo> {
  const result = await runCommand(command, ['-s', '-c', PROBE], 15000);
  const [exe, prefix, version, sitePath] = String(result.stdout ?? '').trim().split('\n');
  if (result.exitCode !== 0 || !exe || !exe.startsWith('/')) {
    throw new UsageError(`The Python interpreter "${command}" could not be run; pass --python with a working python3.`, 'python');
  }
  if (!version.startsWith('3.')) throw new UsageError(`"${command}" is Python ${version}; sockgrade grades with Python 3.`, 'python');
  return { path: exe, prefix, version, sitePath: parseSitePath(sitePath) };
}

// An interpreter whose sys.path could not be read is started the plain way (-s, without the boot file).
function parseSitePath(line: string | undefined): string[] | undefined {
  try {
    const paths: unknown = JSON.parse(line ?? '');
    return Array.isArray(paths) && paths.every((p) => typeof p === 'string') ? paths : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds a working Python 2 interpreter for `python2: run`: python2 or python2.7 on PATH, then
 * pyenv's own versions (its shim fails unless 2.7 is the global version), then the usual prefixes.
 */
export async function resolvePython2(env: NodeJS.ProcessEnv = process.env): Promise<PythonInfo | undefined> {
  // Tried at once: two failing pyenv shims alone cost a second one after the other.
  const probes = python2Candidates(env).map(async (command): Promise<PythonInfo | undefined> => {
    const result = await runCommand(command, ['-c', PROBE_2], 15000);
    const [exe, prefix, version] = String(result?.stdout ?? '').trim().split('\n');
    return result?.exitCode === 0 && exe?.startsWith('/') && version?.startsWith('2.') ? { path: exe, prefix, version } : undefined;
  });
  return (await Promise.all(probes)).find((info) => info !== undefined);
}

// Python 2's sys has no base_prefix; its prefix is the install's own (no venv shipped with 2.7).
const PROBE_2 = 'import sys; print(sys.executable); print(getattr(sys, "real_prefix", sys.prefix)); print(sys.version.split()[0])';

/** The interpreters tried for Python 2, most specific first. */
function python2Candidates(env: NodeJS.ProcessEnv): string[] {
  const pyenvRoot = env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
  const versions = path.join(pyenvRoot, 'versions');
  const pyenv = fs.existsSync(versions)
    ? fs.readdirSync(versions).filter((v) => /^2\.7(\.|$)/.test(v)).sort().reverse().map((v) => path.join(versions, v, 'bin', 'python2.7'))
    : [];
  const fixed = ['/usr/bin/python2.7', '/usr/local/bin/python2.7'];
  return ['python2', 'python2.7', ...pyenv, ...fixed.filter((f) => fs.existsSync(f))];
}
