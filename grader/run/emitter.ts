// Fans events out to reporters and to events.jsonl; a reporter that throws never stops grading.
import fs from 'node:fs';
import path from 'node:path';
import type { GradeEvent, Reporter } from '../events.js';

/** Delivers each event to the log and to every reporter, isolating reporter failures. */
export class EventEmitterHub {
  private readonly log?: fs.WriteStream;
  private chain: Promise<void> = Promise.resolve();
  /** Reporters that threw, with their first error, for the summary and exit code. */
  readonly reporterFailures: { reporter: string; error: string }[] = [];

  constructor(
    private readonly reporters: Reporter[],
    logFile?: string,
  ) {
    if (logFile) {
      fs.mkdirSync(path.dirname(logFile), { recursive: true });
      this.log = fs.createWriteStream(logFile);
    }
  }

  /** Queues an event; reporters see events strictly in order. */
  emit(event: GradeEvent): void {
    this.log?.write(`${JSON.stringify(event)}\n`);
    this.chain = this.chain.then(() => this.deliver(event));
  }

  private async deliver(event: GradeEvent): Promise<void> {
    for (const reporter of this.reporters) {
      await this.guard(reporter, () => reporter.onEvent(event));
    }
  }

  /** Waits for every queued event, lets reporters flush, and closes the log. */
  async close(): Promise<void> {
    await this.chain;
    for (const reporter of this.reporters) await this.guard(reporter, () => reporter.end?.());
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
  }

  private async guard(reporter: Reporter, call: () => void | Promise<void>): Promise<void> {
    try {
      await call();
    } catch (error) {
      if (!this.reporterFailures.some((f) => f.reporter === reporter.name)) {
        this.reporterFailures.push({ reporter: reporter.name, error: String((error as Error)?.stack ?? error) });
        process.stderr.write(`sockgrade: the ${reporter.name} reporter failed and was skipped: ${(error as Error)?.message ?? error}\n`);
      }
    }
  }
}

/** Reads an events.jsonl log back into events (for merge and re-rendering). */
export function readEventLog(file: string): GradeEvent[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as GradeEvent);
}
