// Formatting shared by reporters: messages that never throw, scores and durations as text.
import type { Msg } from '../events.js';

/** Resolves a Msg through the translator; a broken translator must not lose the report. */
export function say(t: (msg: Msg) => string, msg: Msg | undefined): string | null {
  // An empty key stands for "no message" (the log decoder uses it for a missing hint).
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

/** The scale of totals a run asked for (its class file), if any. */
export type TotalScale = { max: number; decimals: number } | undefined;

/** A submission's total on the class's scale (87.5 on 10 with 1 decimal → "8.8"), else as fmtScore. */
export function fmtTotal(score: number, scale: TotalScale): string {
  if (!scale) return fmtScore(score);
  const factor = 10 ** scale.decimals;
  return (Math.round((score * scale.max * factor) / 100) / factor).toFixed(scale.decimals);
}

/** 850 → "0.9s", 83000 → "1m 23s". */
export function fmtDuration(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}
