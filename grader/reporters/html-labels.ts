// Words for the harness's own identifiers (lanes, transcript kinds, program roles) in the page's language.
import type { Msg } from '../events.js';
import { label } from './safe.js';

type T = (msg: Msg) => string;

/** Transcript kinds the harness emits; anything else is shown as it came. */
export const KINDS = ['step', 'connect', 'send', 'recv', 'close', 'reset', 'stdout', 'stdin', 'exit', 'expect'];
/** Lanes and roles with a name of their own; reference peers keep theirs (A, B, …) with a number suffix kept. */
const LANES = ['student', 'grader', 'client', 'server'];
const ROLES = ['server', 'client'];

/** `student`, `grader`, `client`, `server-2` … translated; other lane names unchanged. */
export function laneLabel(t: T, lane: string): string {
  const m = /^([a-z]+)(-\d+)?$/.exec(lane);
  return m && LANES.includes(m[1]!) ? label(t, `ui.lane.${m[1]}`) + (m[2] ?? '') : lane;
}

/** A transcript kind as a word of the page's language. */
export function kindLabel(t: T, kind: string): string {
  return KINDS.includes(kind) ? label(t, `ui.kind.${kind}`) : kind;
}

/** A program role (`server`, `client`) as a word of the page's language. */
export function roleLabel(t: T, role: string): string {
  return ROLES.includes(role) ? label(t, `ui.role.${role}`) : role;
}
