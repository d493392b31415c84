// Normalising who a submission belongs to, and the plan's summary of it, in recorded events.
import { LAYOUTS, type Layout, type Msg, type StudentIdentity } from '../events.js';
import { asArray, asMsg, asObject, asString, isObject } from './values.js';

/** A student identity, or undefined when the event carries none (logs before intake knew). */
export function normalizeStudent(raw: unknown): StudentIdentity | undefined {
  if (!isObject(raw)) return undefined;
  const id = asString(raw.id);
  if (!id) return undefined;
  const lmsId = asString(raw.lmsId);
  return {
    id,
    name: asString(raw.name, id),
    ...(lmsId ? { lmsId } : {}),
    layout: normalizeLayout(raw.layout) ?? 'folders',
    ...(raw.late === true ? { late: true } : {}),
  };
}

/** A layout this version knows, or undefined. */
export function normalizeLayout(raw: unknown): Layout | undefined {
  return LAYOUTS.find((l) => l === raw);
}

/** Exercise id → role → path, keeping only string paths. */
export function normalizeFiles(raw: unknown): Record<string, Record<string, string>> | undefined {
  if (!isObject(raw)) return undefined;
  const files: Record<string, Record<string, string>> = {};
  for (const [exercise, roles] of Object.entries(raw)) {
    const o = asObject(roles);
    files[exercise] = Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  }
  return files;
}

/** A list of messages, or undefined when empty. */
export function msgs(raw: unknown): Msg[] | undefined {
  const list = asArray(raw).map(asMsg).filter((m): m is Msg => m !== undefined);
  return list.length > 0 ? list : undefined;
}

/** The object without its undefined fields, so an absent fact stays absent in the log. */
export function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
