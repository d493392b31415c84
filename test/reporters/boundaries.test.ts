import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

// Reporters know a run only through the events: no runner, sandbox or CLI imports.
describe('reporter imports', () => {
  it('reach only events.ts, sibling reporter files, node: modules, handlebars and yazl', () => {
    const dir = path.join(root, 'grader/reporters');
    const offending: string[] = [];
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        // yazl writes moodle-feedback.zip (moodle-feedback.ts).
        const ok = spec === '../events.js' || /^\.\/[\w-]+\.js$/.test(spec) || spec.startsWith('node:') || spec === 'handlebars' || spec === 'yazl';
        if (!ok) offending.push(`${file}: ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
