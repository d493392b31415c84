// What an exercise.yaml must satisfy across the file: ids, file names, args templates, needs; each
// check's steps are judged against its program by check-steps.ts.
import type * as z from 'zod';
import { checkSteps } from './check-steps.js';
import type { LoadContext } from './load.js';
import type { Path, Reporter } from './report.js';
import {
  ARG_PLACEHOLDERS, ROLES,
  exercise as exerciseSchema,
  type Role, type ScenarioCheck,
} from './schema.js';

/** Checks what needs the whole file: the id, the programs' names and argv, each check's needs and steps. */
export function checkWhole(report: Reporter, top: z.output<typeof exerciseSchema>, checks: (ScenarioCheck | undefined)[], context: LoadContext): void {
  if (context.folder !== undefined && top.id !== context.folder) report.at(['id'], `must be the folder's name "${context.folder}", not "${top.id}"`);
  if ([...(context.takenIds ?? [])].includes(top.id)) report.at(['id'], `exercise "${top.id}" already exists`);
  const seenFiles = new Map<string, Role>();
  for (const role of ROLES) {
    const p = top.programs[role];
    if (!p) continue;
    p.args?.forEach((arg, i) => argPlaceholders(report, arg, ['programs', role, 'args', i]));
    if (role === 'client' && p.instance !== undefined) report.atKey(['programs', role], 'instance', 'instance is for the server only: every client check starts its own client');
    p.files.forEach((file, i) => {
      const lower = file.toLowerCase();
      const other = context.takenFiles?.get(lower);
      if (other) report.at(['programs', role, 'files', i], `"${file}" is already a file name of exercise ${other}`);
      else if (seenFiles.has(lower)) report.at(['programs', role, 'files', i], `"${file}" is already a file name of the ${seenFiles.get(lower)}`);
      seenFiles.set(lower, role);
    });
  }
  const ids = new Map<string, number>();
  checks.forEach((c, i) => {
    if (!c) return;
    const base: Path = ['checks', i];
    const prog = top.programs[c.program];
    if (!prog) {
      const defined = ROLES.filter((r) => top.programs[r]);
      report.at([...base, 'program'], `unknown program "${c.program}": this exercise defines only ${defined.join(' and ')}`);
    }
    const first = ids.get(c.id);
    if (first !== undefined) report.at([...base, 'id'], `duplicate check id "${c.id}" (also checks[${first}])`);
    else ids.set(c.id, i);
    c.needs.forEach((need, n) => {
      const j = checks.findIndex((o) => o?.id === need);
      const other = checks[j];
      const where = [...base, 'needs', n];
      if (j < 0) report.at(where, `unknown check "${need}": needs names an earlier check of the same program`);
      else if (j >= i) report.at(where, `"${need}" does not come before this check: needs names an earlier check (checks run in order)`);
      else if (other && other.program !== c.program) report.at(where, `"${need}" is a check of the ${other.program}: needs names an earlier check of the same program`);
    });
    // Steps are judged against their program: a check of a program that does not exist has none to be judged by.
    if (prog) checkSteps(report, c, base, prog);
  });
}

/** An argv word's placeholders must be ones the launch fills in ({host}, {port}). */
function argPlaceholders(report: Reporter, arg: string, at: Path): void {
  const unknown = [...arg.matchAll(/\{([^{}]*)\}/g)].find((m) => !(ARG_PLACEHOLDERS as readonly string[]).includes(m[1]!));
  if (unknown) report.at(at, `unknown placeholder {${unknown[1]}}: args may hold ${ARG_PLACEHOLDERS.map((p) => `{${p}}`).join(' and ')}, and literal words`);
}
