// The run's effective settings (run:begin `shown`, resolved by the grader) as a compact block of
// the report's run settings: per exercise its files, argv, port, greeting, protocol and changed
// weights. The record comes from a log, so every field is read as if it could be anything.
import type { Msg } from '../events.js';
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

/** The view of `shown`; null when the log recorded none (an older log). */
export function settingsModel(shown: unknown, t: T): SettingsModel | null {
  const s = record(shown);
  if (!s) return null;
  const scale = record(s.scale);
  const general: SettingRow[] = [
    ...(scale ? [{ label: label(t, 'ui.run.settings.scale'), value: label(t, 'ui.run.settings.scaleValue', { max: String(scale.max), decimals: String(scale.decimals) }) }] : []),
    ...text(label(t, 'ui.run.lang'), s.lang),
    ...text('python', s.python, true),
    ...text('python2', s.python2, true),
  ];
  const exercises = (Array.isArray(s.exercises) ? s.exercises : []).map(record).filter((e) => e !== undefined && typeof e.id === 'string');
  return { general, exercises: exercises.map((e) => ({ id: String(e!.id), rows: exerciseRows(e!, t) })) };
}

// Files and args per program, then port, greeting, protocol and weights, each only when there is one.
function exerciseRows(e: Record<string, unknown>, t: T): SettingRow[] {
  const rows: SettingRow[] = [];
  for (const program of (Array.isArray(e.programs) ? e.programs : []).map(record)) {
    if (!program || typeof program.role !== 'string') continue;
    const role = roleLabel(t, program.role);
    const files = strings(program.files);
    if (files.length > 0) rows.push({ label: label(t, 'ui.run.settings.files', { role }), value: files.join(', '), code: true });
    const args = strings(program.args);
    rows.push({ label: label(t, 'ui.run.settings.args', { role }), value: args.length > 0 ? args.join(' ') : label(t, 'ui.run.settings.noArgs'), code: args.length > 0 });
  }
  if (typeof e.port === 'number') {
    rows.push({ label: label(t, 'ui.run.settings.port'), value: label(t, 'ui.run.settings.fixedPort', { port: e.port, checks: strings(e.dropped).join(', ') || '—' }) });
  }
  rows.push(...text(label(t, 'ui.run.settings.greeting'), e.greeting));
  rows.push(...text(label(t, 'ui.run.settings.protocol'), e.protocol, true));
  const weights = Object.entries(record(e.weights) ?? {}).filter(([, w]) => typeof w === 'number');
  if (weights.length > 0) rows.push({ label: label(t, 'ui.run.settings.weights'), value: weights.map(([id, w]) => `${id}: ${String(w)}`).join(', '), code: true });
  return rows;
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
