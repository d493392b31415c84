import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../grader/paths.js';

// Static imports only (`import ... from '…'` and `export ... from '…'`), not `import('…')`: a
// dynamic import is loaded when it runs, and that is the point of using one. Type-only imports
// are erased by the compiler, so they load nothing either.
const STATIC_IMPORT = /^\s*(?:import|export)\s([^;]*?)from\s+'([^']+)'/gm;

function onlyTypes(clause: string): boolean {
  if (/^\s*type\s/.test(clause)) return true;
  const names = /^\s*\{([^}]*)\}\s*$/.exec(clause)?.[1]?.split(',').map((n) => n.trim()).filter(Boolean);
  return names !== undefined && names.length > 0 && names.every((n) => n.startsWith('type '));
}

/** The packages a module loads at its start, through its whole graph of static imports. */
function packagesLoadedBy(entry: string): { packages: Set<string>; files: number } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = fs.readFileSync(file, 'utf8');
    for (const [, clause, spec] of source.matchAll(STATIC_IMPORT)) {
      if (onlyTypes(clause!)) continue;
      if (spec!.startsWith('.')) visit(path.resolve(path.dirname(file), spec!.replace(/\.js$/, '.ts')));
      else if (!spec!.startsWith('node:')) packages.add(spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!);
    }
  };
  visit(entry);
  return { packages, files: seen.size };
}

describe('a worker at its start', () => {
  it('loads none of execa, yaml, zod or handlebars (each costs a worker 40–140 ms of CPU to load)', () => {
    const { packages, files } = packagesLoadedBy(path.join(projectRoot, 'grader/run/worker.ts'));
    // The walk really followed the graph: the worker reaches the check context, peers and sandbox.
    expect(files).toBeGreaterThan(40);
    for (const heavy of ['execa', 'yaml', 'zod', 'handlebars']) expect(packages, `${heavy} is statically imported`).not.toContain(heavy);
  });

  it('the walk does find a package that is statically imported', () => {
    // Guards the regular expression: the CLI entry really imports commander.
    expect(packagesLoadedBy(path.join(projectRoot, 'grader/cli.ts')).packages).toContain('commander');
  });
});
