// User-facing errors of the grader itself: a usage mistake or a fault, never a student's failure.

/** A mistake in how grade was called (bad path, unknown exercise); exits 2 with one sentence. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A fault of the grader (a broken mechanism, a bug); reported as an `error` event, exit 2. */
export class GraderFault extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GraderFault';
  }
}
