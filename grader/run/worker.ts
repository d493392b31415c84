// Entry point of a worker process: grades one submission inside its own network namespace.
// The reference peers must live in the same namespace as the student's programs, so the
// whole grading of a submission runs here rather than in the main process.
import { gradeSubmission } from './grade-submission.js';
import type { WorkerJob, WorkerMessage } from './protocol.js';

// The terminal sends Ctrl-C to the whole group; the main process decides, and kills us.
process.on('SIGINT', () => {});

const pending: Promise<void>[] = [];

function send(message: WorkerMessage): void {
  pending.push(new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve())));
}

process.once('message', (job: WorkerJob) => {
  gradeSubmission(job, send)
    .catch((error: Error) => send({ type: 'error', submissionId: job.submission.id, message: error.message, stack: error.stack }))
    // Every message must be written before the channel closes.
    .finally(() => Promise.all(pending).then(() => process.disconnect?.()));
});

// If the grader dies, the channel closes: stop at once (our boxes die with us).
process.on('disconnect', () => process.exit(0));
