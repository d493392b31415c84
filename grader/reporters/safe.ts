// Defensive readers for event fields (a replayed or hand-edited log may lack anything), and number formats.
import type { Msg } from '../events.js';

/** The value when it is an array, else an empty one. */
export function asArray<T = unknown>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** The value when it is a string (numbers are stringified), else the fallback. */
export function asString(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fallback;
}

/** The value when it is a finite number, else the fallback. */
export function asNumber(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The value when it is a plain object, else an empty one, so property reads never throw. */
export function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A well-formed Msg, or undefined when the value is not one. */
export function asMsg(value: unknown): Msg | undefined {
  const obj = asObject(value);
  if (typeof obj.key !== 'string') return undefined;
  const params: Record<string, string | number> = {};
  for (const [name, param] of Object.entries(asObject(obj.params))) {
    if (typeof param === 'string' || typeof param === 'number') params[name] = param;
  }
  return { key: obj.key, params };
}

/** Resolves a Msg through the translator; a broken translator must not lose the report. */
export function say(t: (msg: Msg) => string, msg: Msg | undefined): string | null {
  // An empty key stands for "no message" (normalize uses it for a missing hint).
  if (!msg || msg.key === '') return null;
  try {
    return String(t(msg));
  } catch {
    return msg.key;
  }
}

/** Resolves a ui label (a key without params). */
export function label(t: (msg: Msg) => string, key: string, params?: Msg['params']): string {
  return say(t, params ? { key, params } : { key }) ?? key;
}

/** A score rounded to one decimal, as text ("87.5", "100.0"). */
export function fmtScore(score: number): string {
  return (Math.round(score * 10) / 10).toFixed(1);
}

/** 850 → "0.9s", 83000 → "1m 23s". */
export function fmtDuration(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}
