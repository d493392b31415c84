// Resolving the interpreter once per run: a pyenv shim costs about 300 ms a launch.
import { execa } from 'execa';
import { UsageError } from '../errors.js';

/** The real interpreter: absolute path, install prefix and version. */
export interface PythonInfo {
  path: string;
  prefix: string;
  version: string;
}

const PROBE = 'import sys; print(sys.executable); print(sys.base_prefix); print(sys.version.split()[0])';

/** Asks `command` (python3, a path, a shim) where its real executable is. */
export async function resolvePython(command: string): Promise<PythonInfo> {
  const result = await execa(command, ['-c', PROBE], { reject: false, timeout: 15000, stdin: 'ignore' });
  const [exe, prefix, version] = String(result.stdout ?? '').trim().split('\n');
  if (result.exitCode !== 0 || !exe || !exe.startsWith('/')) {
    throw new UsageError(`The Python interpreter "${command}" could not be run; pass --python with a working python3.`, 'python');
  }
  if (!version.startsWith('3.')) throw new UsageError(`"${command}" is Python ${version}; sockgrade grades with Python 3.`, 'python');
  return { path: exe, prefix, version };
}
