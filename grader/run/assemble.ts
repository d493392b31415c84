// Rebuilding results in the grading process: a worker sends each check once, in its check:end,
// and a submission:end without checks; the full submission:end is put together here.
import type { CheckResult, GradeEvent, SubmissionEndEvent } from '../events.js';
import type { WorkerEvent, WorkerSubmissionEnd } from './protocol.js';

/** Keeps each submission's checks, as their check:end events came, until its submission:end. */
export class ResultAssembler {
  /** submission id → exercise id → checks in check:end order. */
  private readonly pending = new Map<string, Map<string, CheckResult[]>>();

  /** The run event a worker's message stands for. */
  accept(message: WorkerEvent): GradeEvent {
    if (message.type === 'check:end') {
      const byExercise = this.pending.get(message.submissionId) ?? new Map<string, CheckResult[]>();
      this.pending.set(message.submissionId, byExercise);
      const checks = byExercise.get(message.exerciseId) ?? [];
      byExercise.set(message.exerciseId, checks);
      checks.push(message.check);
      return message;
    }
    if (message.type === 'submission:end') return this.complete(message);
    return message;
  }

  /** Drops the checks of a submission whose worker failed: its result is built without them. */
  forget(submissionId: string): void {
    this.pending.delete(submissionId);
  }

  private complete(message: WorkerSubmissionEnd): SubmissionEndEvent {
    const byExercise = this.pending.get(message.submissionId);
    this.pending.delete(message.submissionId);
    // Spread keeps `checks` where the worker put it, so events.jsonl reads as it always did.
    const exercises = message.exercises.map((x) => ({ ...x, checks: byExercise?.get(x.id) ?? [] }));
    return { ...message, exercises };
  }
}
