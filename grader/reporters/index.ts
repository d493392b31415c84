// The reporters by the name a user passes on the command line.
import type { Reporter, ReporterOptions } from '../events.js';
import { createCanvasReporter } from './canvas.js';
import { createCsvReporter } from './csv.js';
import { createGithubReporter } from './github.js';
import { createGradescopeReporter } from './gradescope.js';
import { createHtmlReporter } from './html.js';
import { createJsonReporter } from './json.js';
import { createJunitReporter } from './junit.js';
import { createMoodleReporter } from './moodle.js';
import { createTerminalReporter } from './terminal.js';

/** Every reporter factory, keyed by its command-line name. */
export const REPORTERS: Record<string, (opts: ReporterOptions) => Reporter> = {
  terminal: createTerminalReporter,
  json: createJsonReporter,
  html: createHtmlReporter,
  junit: createJunitReporter,
  csv: createCsvReporter,
  github: createGithubReporter,
  moodle: createMoodleReporter,
  canvas: createCanvasReporter,
  gradescope: createGradescopeReporter,
};
