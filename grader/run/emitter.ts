// Fans events out to reporters, folding the run summary once for all; a reporter that throws never stops grading.
import type { GradeEvent, Reporter, RunSummary } from '../events.js';
import { RunFold } from '../log/summary.js';

/** Delivers each event, and the summary it leaves, to every reporter's hook, isolating reporter failures. */
export class EventEmitterHub {
  private readonly fold = new RunFold();
  private chain: Promise<void> = Promise.resolve();
  /** Reporters that threw, with their first error, for the summary and exit code. */
  readonly reporterFailures: { reporter: string; error: string }[] = [];

  /** Reporters hear each event in this order: put the log reporter first. */
  constructor(private readonly reporters: Reporter[]) {}

  /** Queues an event; reporters see events strictly in order. */
  emit(event: GradeEvent): void {
    this.chain = this.chain.then(() => this.deliver(event));
  }

  /** Resolves once every event queued so far has reached every reporter. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async deliver(event: GradeEvent): Promise<void> {
    this.fold.add(event);
    for (const reporter of this.reporters) {
      await this.guard(reporter, () => dispatch(reporter, event, this.fold.summary));
    }
  }

  /** Waits for every queued event, then lets each reporter write its files from the summary. */
  async close(): Promise<void> {
    await this.chain;
    for (const reporter of this.reporters) await this.guard(reporter, () => reporter.end?.(this.fold.summary));
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

/** Calls the reporter's hook for the event's type, if it has one. */
function dispatch(reporter: Reporter, event: GradeEvent, run: RunSummary): void | Promise<void> {
  switch (event.type) {
    case 'run:begin':
      return reporter.onRunBegin?.(event, run);
    case 'submission:begin':
      return reporter.onSubmissionBegin?.(event, run);
    case 'check:end':
      return reporter.onCheckEnd?.(event, run);
    case 'submission:end':
      return reporter.onSubmissionEnd?.(event, run);
    case 'run:end':
      return reporter.onRunEnd?.(event, run);
    case 'error':
      return reporter.onError?.(event, run);
    case 'pair:end':
      return reporter.onPairEnd?.(event, run);
  }
}
