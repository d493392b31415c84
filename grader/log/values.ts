// Defensive readers for the fields of a recorded event: a log may be old, torn or hand-edited.
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

/** True for a plain object (what every event must be). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value when it is a plain object, else an empty one, so property reads never throw. */
export function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
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

/** The value when it is one of `allowed`, else the fallback. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
