// A scenario after loading: what schema.ts's shapes become once load.ts has resolved defaults.
import type * as z from 'zod';
import type { limits, Role, ScenarioLang } from './schema.js';

/** A step after loading: its kind, its fields resolved, every deadline in ms before scaling. */
export type Step =
  | { kind: 'start'; program: Role }
  | { kind: 'connect'; peer: string; withinMs: number }
  | { kind: 'serve'; server: string }
  | { kind: 'accept'; at: string; as: string; withinMs: number }
  | { kind: 'send'; from: string; text: string }
  | { kind: 'expect'; at: string; text: string; withinMs: number }
  | { kind: 'expect-none'; at: string; text?: string; forMs: number }
  | { kind: 'expect-closed'; at: string; withinMs: number }
  | { kind: 'close' | 'reset' | 'end'; peer: string }
  | { kind: 'stdin'; text: string }
  | { kind: 'expect-exit'; status?: number; withinMs: number }
  | { kind: 'expect-running'; forMs: number };

/** What a program speaks: the steps of its checks talk to it over TCP connections or UDP datagrams. */
export type Protocol = 'tcp' | 'udp';

/** A program after loading. */
export interface ScenarioProgram {
  role: Role;
  files: string[];
  /** Its argv template, `{host}` and `{port}` not yet filled in (the role's usual one by default). */
  args: string[];
  protocol: Protocol;
  stdin: 'closed' | 'open';
  instance: 'shared' | 'per-check';
}

/** A check after loading. */
export interface ScenarioCheck {
  id: string;
  program: Role;
  weight: number;
  needs: string[];
  /** Before timeout scaling. */
  timeoutMs: number;
  title: Record<ScenarioLang, string>;
  hint: Record<ScenarioLang, string>;
  steps: Step[];
}

/** A whole exercise.yaml after loading. */
export interface Scenario {
  id: string;
  title: Record<ScenarioLang, string>;
  programs: ScenarioProgram[];
  checks: ScenarioCheck[];
  limits?: z.output<typeof limits>;
}
