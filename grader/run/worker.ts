// Entry point of a worker process: grades submissions one after another inside its own network
// namespace. The reference peers must live in the same namespace as the student's programs,
// so grading runs here rather than in the main process. A worker is reused for the next
// submission only when nothing of the last one is left in its namespace (see namespace-check).
import { logOwnCpu } from '../sandbox/cpu-log.js';
import { gradeSubmission } from './grade-submission.js';
import { leftoverSockets } from './namespace-check.js';
import { runPairColumn } from '../pairs/column.js';
import type { AnyJob, WorkerMessage } from './protocol.js';
import { unmountWorkTmpfs } from './workcopy.js';
import { CheckAborted } from '../check/scope.js';

// The terminal sends Ctrl-C to the whole group; the main process decides, and kills us.
process.on('SIGINT', () => {});

// A check body may leave a wait nobody awaits (a promise kept for later, then the check failed):
// when its scope ends, that wait rejects with CheckAborted by design. It must not end the worker;
// any other unhandled rejection is a bug and still does.
process.on('unhandledRejection', (reason) => {
  if (reason instanceof CheckAborted) return;
  throw reason;
});

let pending: Promise<void>[] = [];

function send(message: WorkerMessage): void {
  pending.push(new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve())));
}

async function runJob(job: AnyJob): Promise<void> {
  try {
    if (job.kind === 'pairs') await runPairColumn(job, send);
    else await gradeSubmission(job, send);
  } catch (error) {
    const submissionId = job.kind === 'pairs' ? job.server.id : job.submission.id;
    send({ type: 'error', submissionId, message: (error as Error).message, stack: (error as Error).stack });
  }
  if (job.mountTmpfs) await unmountWorkTmpfs(job.jobDir);
  const leftover = job.box.isolation.netns ? await leftoverSockets() : [];
  send({ type: 'job:done', clean: leftover.length === 0, detail: leftover.join(', ') });
  await Promise.all(pending);
  pending = [];
}

// Jobs arrive one at a time: the pool sends the next only after job:done.
process.on('message', (job: AnyJob) => void runJob(job));

// If the grader dies, the channel closes: stop at once (our boxes die with us).
process.on('disconnect', () => {
  logOwnCpu('worker');
  process.exit(0);
});
