// Building the chosen reporters with the options every reporter receives.
import type { Msg, Reporter } from '../events.js';
import { REPORTERS } from '../reporters/index.js';

/** The per-run options that differ between commands. */
export interface ReporterChoice {
  outDir: string;
  lang: string;
  quiet: boolean;
  t: (msg: Msg) => string;
  csvFormat?: string;
  /** The teacher's downloaded Moodle grading worksheet, to fill instead of writing a new one. */
  moodleWorksheet?: string;
  /** The Canvas gradebook column, `<title> (<id>)`. */
  canvasAssignment?: string;
  /** The Gradescope reporter's file name (the autograder mode writes results.json). */
  gradescopeFile?: string;
}

/** Instantiates reporters by name, writing to stdout with colour only on a TTY without NO_COLOR. */
export function makeReporters(names: string[], choice: ReporterChoice, env: NodeJS.ProcessEnv = process.env): Reporter[] {
  // Some CI runners fake a TTY; a redrawn progress line would fill their logs with \r frames.
  const isTTY = Boolean(process.stdout.isTTY) && !env.CI;
  const color = Boolean(process.stdout.isTTY) && !('NO_COLOR' in env) && env.TERM !== 'dumb';
  return names.map((name) => REPORTERS[name]({ ...choice, stream: process.stdout, isTTY, color }));
}
