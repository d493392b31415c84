// The run's effective settings (run:begin `effective`) as a compact block of the report's run
// settings: per exercise only what a teacher sets, weights only where they differ from the default.
// The record comes from a log, so every field is read as if it could be anything.
import type { ExerciseDef } from '../check/api.js';
import type { ExerciseSettings } from '../classfile/settings.js';
import type { Msg } from '../events.js';
import { exercisesById } from '../exercises.js';
import { effectiveArgs } from '../plan/args.js';
import { droppedChecks } from '../plan/class-plan.js';
import { protocolText } from '../plan/settings-text.js';
import { roleLabel } from './html-labels.js';
import { label } from './safe.js';

type T = (msg: Msg) => string;

/** One line of the block: a label and its value (`code` shows it as typed, in monospace). */
export interface SettingRow {
  label: string;
  value: string;
  code?: boolean;
}

/** The block: the run-wide settings, then one group of rows per graded exercise. */
export interface SettingsModel {
  general: SettingRow[];
  exercises: { id: string; rows: SettingRow[] }[];
}

/** The view of `effective` for the exercises graded; null when the log recorded none. */
export function settingsModel(effective: unknown, exerciseIds: string[], t: T): SettingsModel | null {
  const e = record(effective);
  if (!e) return null;
  const scale = record(e.scale);
  const general: SettingRow[] = [
    ...(scale ? [{ label: label(t, 'ui.run.settings.scale'), value: label(t, 'ui.run.settings.scaleValue', { max: String(scale.max), decimals: String(scale.decimals) }) }] : []),
    ...text(label(t, 'ui.run.lang'), e.lang),
    ...text('python', e.python, true),
    ...text('python2', e.python2, true),
  ];
  const perExercise = record(e.perExercise) ?? {};
  const weights = record(e.weights) ?? {};
  return { general, exercises: exerciseIds.map((id) => ({ id, rows: exerciseRows(id, record(perExercise[id]) as Partial<ExerciseSettings> | undefined, weights, t) })) };
}

// Files, args, port, greeting, protocol and weights of one exercise, each only when there is one.
function exerciseRows(id: string, own: Partial<ExerciseSettings> | undefined, weights: Record<string, unknown>, t: T): SettingRow[] {
  const def = knownExercise(id);
  const roles = def?.programs.map((p) => p.role) ?? ['server', 'client'];
  const rows: SettingRow[] = [];
  for (const role of roles) {
    const section = record(own?.[role as 'server' | 'client']);
    const files = strings(section?.files);
    const builtIn = def?.programs.find((p) => p.role === role)?.files ?? [];
    const all = section?.filesMode === 'replace' ? files : [...files, ...builtIn.filter((f) => !files.some((g) => g.toLowerCase() === f.toLowerCase()))];
    if (all.length > 0) rows.push({ label: label(t, 'ui.run.settings.files', { role: roleLabel(t, role) }), value: all.join(', '), code: true });
    const args = effectiveArgs(role, own as ExerciseSettings | undefined);
    rows.push({ label: label(t, 'ui.run.settings.args', { role: roleLabel(t, role) }), value: args.length > 0 ? args.join(' ') : label(t, 'ui.run.settings.noArgs'), code: args.length > 0 });
  }
  if (typeof own?.port === 'number') {
    const dropped = def ? droppedChecks(def, own as ExerciseSettings) : [];
    rows.push({ label: label(t, 'ui.run.settings.port'), value: label(t, 'ui.run.settings.fixedPort', { port: own.port, checks: dropped.join(', ') || '—' }) });
  }
  rows.push(...text(label(t, 'ui.run.settings.greeting'), own?.greeting));
  const protocol = record(own?.protocol);
  if (protocol) rows.push({ label: label(t, 'ui.run.settings.protocol'), value: protocolText(protocol), code: true });
  const changed = (def?.checks ?? []).filter((c) => typeof weights[c.id] === 'number' && weights[c.id] !== c.weight);
  if (changed.length > 0) rows.push({ label: label(t, 'ui.run.settings.weights'), value: changed.map((c) => `${c.id}: ${String(weights[c.id])}`).join(', '), code: true });
  return rows;
}

/** The exercise's definition, when the registry knows it (a replay may lack a moved scenario). */
function knownExercise(id: string): ExerciseDef | undefined {
  try {
    return exercisesById([id])[0];
  } catch {
    return undefined;
  }
}

function text(name: string, value: unknown, code = false): SettingRow[] {
  return typeof value === 'string' && value !== '' ? [{ label: name, value, code }] : [];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
