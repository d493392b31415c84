// Writing events.jsonl, as the first reporter of a run: line by line while grading, or all at
// once through a temporary file when replaying, so a replay never leaves half a log.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { GradeEvent, Reporter } from '../events.js';

/** The log reporter's name, as its failure is reported. */
const NAME = 'log';

/** Calls `write` for every event, whatever its type; `Required` makes a new hook a type error here until it is logged. */
function everyEvent(write: (event: GradeEvent) => void): Required<Omit<Reporter, 'name' | 'end'>> {
  return { onRunBegin: write, onSubmissionBegin: write, onCheckEnd: write, onSubmissionEnd: write, onPairEnd: write, onRunEnd: write, onError: write };
}

/**
 * Appends each event to `file` as it is delivered, with a synchronous write: a run killed at any
 * moment leaves every line it delivered, and at worst one torn last line (which the decoder skips).
 */
export function createLiveLogReporter(file: string): Reporter {
  let fd: number;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fd = fs.openSync(file, 'w');
  } catch (error) {
    throw new UsageError(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? error}); choose another --out folder.`, 'out-not-writable');
  }
  return {
    name: NAME,
    ...everyEvent((event) => fs.writeFileSync(fd, `${JSON.stringify(event)}\n`)),
    end: () => fs.closeSync(fd),
  };
}

/**
 * Writes every event to `file` at the end, atomically. With `source`, writes those bytes instead:
 * a recorded log is copied byte for byte, never re-serialised.
 */
export function createAtomicLogReporter(file: string, source?: Buffer): Reporter {
  const lines: string[] = [];
  return {
    name: NAME,
    ...(source ? {} : everyEvent((event) => void lines.push(`${JSON.stringify(event)}\n`))),
    end: () => writeAtomically(file, source ?? lines.join('')),
  };
}

/** Writes through a temporary file in the same folder and renames it over `file`. */
export function writeAtomically(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content);
  fs.renameSync(temp, file);
}
