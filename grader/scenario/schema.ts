// The shape of an exercise.yaml: an exercise written as scenarios that read like the conversation
// between the grader's reference peers and the student's program. Structure only; what needs the
// whole file (peers defined before use, needs, translations) is checked by load.ts.
//
//   id: tcp-echo
//   title: { en: TCP echo, pt-BR: Eco TCP }
//   programs:
//     server: { files: [servidor_eco.py], args: ["{port}"], protocol: tcp, stdin: closed }
//     client: { files: [cliente_eco.py], args: ["{host}", "{port}"], protocol: tcp, stdin: open }
//     (or protocol: udp: the same steps then speak datagrams, see below)
//   checks:
//     - id: echo-server-echoes
//       program: server
//       weight: 2
//       needs: [echo-server-listens]
//       title: { en: ..., pt-BR: ... }
//       hint: { en: ..., pt-BR: ... }
//       steps:
//         - connect: A
//         - send: { from: A, text: "ola {nonce}\n" }
//         - expect: { at: A, text: "ola {nonce}\n", within: 2s }
//
// Programs: `args` is the argv template, literal words and {host}, {port} (default: server
// ["{port}"], client ["{host}", "{port}"]); `protocol` tcp or udp; `stdin: open` keeps the
// program's stdin a pipe for `stdin` steps; `instance` (server only, default per-check) is a fresh
// server per check or one shared one.
// The steps, in the order a check plays them (every deadline is scaled by --timeout-scale):
//   start: server | client        start the check's program (a client needs `serve` before it)
//   connect: A                    a reference client A connects to the student's server (starts it)
//   serve: S                      name the reference server a client check starts the client against
//   accept: S | {at, as, within}  wait for the student's client to connect to S (default 5s)
//   send: {from, text}            a peer sends text
//   expect: {at, text, within}    text arrives at a peer (or is printed, at: stdout) after what the
//                                 last expectation there matched (default 2s)
//   expect-none: {at, text?, for} a quiet window (default 300ms): nothing more arrives after the last
//                                 match; with text, that text is never seen there at all
//   expect-closed: A              the student's side closes A's connection (default 2s)
//   close | reset | end: A        our side closes (FIN), aborts (RST) or shuts its sending side
//   stdin: "line\n"               type into the program (its stdin must be open)
//   expect-exit: {status?, within} the program exits (default 3s), with that status if given
//   expect-running: {for}         the program is still running after a quiet window (default 300ms)
// Texts may hold {nonce}, the check's random token.
// With protocol: udp the peers are datagram sockets, named by the same steps (the protocol is the
// program's, said once): `connect: U` opens a reference UDP socket aimed at the server (started and
// bound first), `send` from U is one datagram, `expect` at U waits for one datagram holding the
// text; `serve: S` is a reference UDP server that `start: client` opens, `expect` at S waits for the
// client's datagram and `send` from S answers the last one. accept, close, reset, end and
// expect-closed are TCP only.
import * as z from 'zod';

/**
 * The languages every title and hint is written in. The same list as grader/i18n/catalog.ts
 * (which imports this module's loader, so it cannot be imported from there).
 */
export const SCENARIO_LANGS = ['en', 'pt-BR'] as const;
export type ScenarioLang = (typeof SCENARIO_LANGS)[number];

export type Role = 'server' | 'client';
export const ROLES: readonly Role[] = ['server', 'client'];

/** The argv each role is launched with when its program names no `args`. */
export const ARGS: Record<Role, string[]> = { server: ['{port}'], client: ['{host}', '{port}'] };

/** Placeholders a step's text may hold. */
export const PLACEHOLDERS = ['nonce'] as const;
/** Placeholders a program's `args` may hold: the address and port the grader chose. */
export const ARG_PLACEHOLDERS = ['host', 'port'] as const;

/** Where `expect` and `expect-none` may look besides a peer: what the program printed. */
export const STDOUT = 'stdout';

/** Default deadlines and windows of the steps that wait, in ms before timeout scaling. */
export const DEFAULT_MS = {
  connect: 2000,
  accept: 5000,
  expect: 2000,
  'expect-closed': 2000,
  'expect-exit': 3000,
  'expect-none': 300,
  'expect-running': 300,
} as const;

/** Longest deadline or window a step may name. */
export const MAX_STEP_MS = 30_000;

const show = (v: unknown) => JSON.stringify(v);

const DURATION = /^(\d+(?:\.\d+)?)(ms|s)$/;
/** `2s`, `300ms`, `1.5s` → milliseconds. */
export const duration = z
  .string({ error: (iss) => `must be a duration like 2s or 300ms, not ${show(iss.input)}` })
  .regex(DURATION, { error: (iss) => `must be a duration like 2s or 300ms, not ${show(iss.input)}` })
  .transform((text) => {
    const [, n, unit] = DURATION.exec(text)!;
    return Math.round(Number(n) * (unit === 's' ? 1000 : 1));
  })
  .refine((ms) => ms > 0 && ms <= MAX_STEP_MS, { error: (iss) => `must be more than 0 and at most ${MAX_STEP_MS / 1000}s, not ${show(iss.input)}` });

/** A reference peer's name: A, B, S, client-2. */
export const peerName = z
  .string({ error: (iss) => `must be a peer name like A or S, not ${show(iss.input)}` })
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,19}$/, { error: (iss) => `must be a peer name (a letter, then up to 19 letters, digits, _ or -), not ${show(iss.input)}` })
  .refine((name) => name !== STDOUT, { error: `"stdout" is not a peer name: it is where the program prints` });

/** Where an expectation looks: a peer, or the program's stdout. */
const place = z
  .string({ error: (iss) => `must be a peer name or stdout, not ${show(iss.input)}` })
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,19}$/, { error: (iss) => `must be a peer name or stdout, not ${show(iss.input)}` });

const text = z.string({ error: (iss) => `must be text, not ${show(iss.input)}` }).min(1, { error: 'must not be empty' });

/** A text in every language. */
export const translated = z.strictObject(
  Object.fromEntries(SCENARIO_LANGS.map((l) => [l, z.string({ error: (iss) => (iss.input === undefined ? undefined : `must be text, not ${show(iss.input)}`) }).trim().min(1, { error: `is empty` })])) as Record<ScenarioLang, z.ZodString>,
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown language "{key}": the languages are ${SCENARIO_LANGS.join(' and ')}` : undefined) },
);

const slug = (what: string) =>
  z.string({ error: (iss) => `must be ${what} in kebab-case like echo-server-echoes, not ${show(iss.input)}` }).regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, {
    error: (iss) => `must be ${what} in kebab-case like echo-server-echoes, not ${show(iss.input)}`,
  });

export const exerciseId = slug('an exercise id');
export const checkId = slug('a check id');

const role = z.enum(['server', 'client'], { error: (iss) => `unknown program ${show(iss.input)}: the programs are server and client` });

/** `args: [{port}]`: YAML reads an unquoted placeholder as a one-key mapping; say how to write it. */
function argNotText(input: unknown): string {
  const keys = input !== null && typeof input === 'object' && !Array.isArray(input) ? Object.keys(input) : [];
  if (keys.length === 1 && (input as Record<string, unknown>)[keys[0]!] === null) return `must be quoted: write "{${keys[0]}}" (unquoted, YAML reads {${keys[0]}} as a mapping)`;
  return `must be text, not ${show(input)}`;
}

export const program = z.strictObject({
  files: z
    .array(z.string({ error: (iss) => `must be a file name, not ${show(iss.input)}` }).regex(/^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.py$/, { error: (iss) => `must be a Python file name like echo_server.py, not ${show(iss.input)}` }))
    .min(1, { error: 'must list at least one file name' }),
  args: z.array(z.string({ error: (iss) => argNotText(iss.input) })).optional(),
  protocol: z.enum(['tcp', 'udp'], { error: (iss) => `must be tcp or udp, not ${show(iss.input)}` }).default('tcp'),
  stdin: z.enum(['closed', 'open'], { error: (iss) => `must be closed or open, not ${show(iss.input)}` }).default('closed'),
  instance: z.enum(['shared', 'per-check'], { error: (iss) => `must be shared or per-check, not ${show(iss.input)}` }).optional(),
});

const positiveInt = (max: number) =>
  z.number({ error: (iss) => `must be a whole number from 1 to ${max}, not ${show(iss.input)}` }).int({ error: (iss) => `must be a whole number from 1 to ${max}, not ${show(iss.input)}` }).min(1, {
    error: (iss) => `must be a whole number from 1 to ${max}, not ${show(iss.input)}`,
  }).max(max, { error: (iss) => `must be a whole number from 1 to ${max}, not ${show(iss.input)}` });

export const check = z.strictObject({
  id: checkId,
  program: role,
  weight: positiveInt(100),
  needs: z.array(checkId).optional(),
  /** The check's own deadline; by default the sum of its steps' deadlines plus a margin. */
  timeout: duration.optional(),
  title: translated,
  hint: translated,
  /** Validated one by one against STEPS (so an unknown step is named as such). */
  steps: z.array(z.unknown()).min(1, { error: 'must list at least one step' }),
});

export const limits = z.strictObject({
  cpuSeconds: positiveInt(600).optional(),
  memoryMiB: positiveInt(8192).optional(),
  fileMiB: positiveInt(1024).optional(),
  openFiles: positiveInt(4096).optional(),
  processes: positiveInt(1024).optional(),
});

export const exercise = z.strictObject({
  id: exerciseId,
  title: translated,
  programs: z
    .strictObject({ server: program.optional(), client: program.optional() }, {
      error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown program "{key}": the programs are server and client` : undefined),
    })
    .refine((p) => p.server || p.client, { error: 'must define a server, a client or both' }),
  checks: z.array(z.unknown()).min(1, { error: 'must list at least one check' }),
  limits: limits.optional(),
});

/** A bare value is the short form of a step's main field: `connect: A` is `connect: { peer: A }`. */
const short = <T extends z.ZodType>(field: string, schema: T) => z.preprocess((v) => (typeof v === 'string' ? { [field]: v } : v), schema);
/** `expect-exit:` with nothing after it is `expect-exit: {}`. */
const empty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null ? {} : v), schema);

/** Every step, by its name, with the form it takes. */
export const STEPS = {
  start: role,
  connect: short('peer', z.strictObject({ peer: peerName, within: duration.optional() })),
  serve: peerName,
  accept: short('at', z.strictObject({ at: peerName, as: peerName.optional(), within: duration.optional() })),
  send: z.strictObject({ from: peerName, text }),
  expect: z.strictObject({ at: place, text, within: duration.optional() }),
  'expect-none': z.strictObject({ at: place, text: text.optional(), for: duration.optional() }),
  'expect-closed': short('at', z.strictObject({ at: peerName, within: duration.optional() })),
  close: peerName,
  reset: peerName,
  end: peerName,
  stdin: text,
  'expect-exit': empty(z.strictObject({ status: z.number({ error: (iss) => `must be an exit status from 0 to 255, not ${show(iss.input)}` }).int().min(0).max(255).optional(), within: duration.optional() })),
  'expect-running': empty(z.strictObject({ for: duration.optional() })),
} as const;

export type StepKind = keyof typeof STEPS;
export const STEP_KINDS = Object.keys(STEPS) as StepKind[];

/** How each step is written, for messages about a step of the wrong form. */
export const STEP_FORMS: Record<StepKind, string> = {
  start: 'start: server (or client)',
  connect: 'connect: A (or { peer: A, within: 2s })',
  serve: 'serve: S',
  accept: 'accept: S (or { at: S, as: S2, within: 5s })',
  send: 'send: { from: A, text: "..." }',
  expect: 'expect: { at: A, text: "...", within: 2s } (at: a peer or stdout)',
  'expect-none': 'expect-none: { at: A, for: 300ms } (optionally with text: "...")',
  'expect-closed': 'expect-closed: A (or { at: A, within: 2s })',
  close: 'close: A',
  reset: 'reset: A',
  end: 'end: A',
  stdin: 'stdin: "a line\\n"',
  'expect-exit': 'expect-exit: { status: 0, within: 3s }',
  'expect-running': 'expect-running: { for: 300ms }',
};

export type { Protocol, Scenario, ScenarioCheck, ScenarioProgram, Step } from './types.js';
