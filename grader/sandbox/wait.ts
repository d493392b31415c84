// Event-driven waiting with deadlines: no fixed sleeps anywhere in the grader.

/** Resolves true as soon as `condition` holds (re-tested on each `subscribe` signal), false at the deadline. */
export function waitUntil(
  condition: () => boolean,
  subscribe: (wake: () => void) => () => void,
  timeoutMs: number,
): Promise<boolean> {
  if (condition()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const unsubscribers: (() => void)[] = [];
    const finish = (value: boolean) => {
      clearTimeout(timer);
      for (const u of unsubscribers) u();
      resolve(value);
    };
    const timer = setTimeout(() => finish(condition()), Math.max(0, timeoutMs));
    unsubscribers.push(subscribe(() => condition() && finish(true)));
  });
}

/** Polls a condition that no event announces (a /proc state), backing off from 2 ms to 10 ms. */
export async function pollUntil<T>(
  probe: () => T | undefined,
  timeoutMs: number,
  stop?: () => boolean,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  let interval = 2;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (stop?.() || Date.now() >= deadline) return undefined;
    await delay(Math.min(interval, Math.max(1, deadline - Date.now())));
    // A /proc scan costs about 1 ms; 10 ms keeps readiness within a few ms of the real LISTEN.
    interval = Math.min(10, interval * 1.5);
  }
}

/** A bounded pause between polls or retries; never used as a substitute for an event. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Re-tests `probe` whenever `subscribe` signals (the event that usually announces the state), and
 * on a slow fallback timer for when no event comes: from `firstFallbackMs`, backing off to 500 ms.
 * Resolves the first defined value, or undefined at the deadline or once `stop` holds.
 */
export function watchUntil<T>(
  probe: () => T | undefined,
  subscribe: (wake: () => void) => () => void,
  timeoutMs: number,
  stop: () => boolean = () => false,
  firstFallbackMs = 150,
): Promise<T | undefined> {
  const first = probe();
  if (first !== undefined || stop() || timeoutMs <= 0) return Promise.resolve(first);
  return new Promise((resolve) => {
    const deadline = Date.now() + timeoutMs;
    let fallback: NodeJS.Timeout | undefined;
    let interval = firstFallbackMs;
    const finish = (value: T | undefined) => {
      clearTimeout(fallback);
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    };
    const test = () => {
      const value = probe();
      if (value !== undefined || stop() || Date.now() >= deadline) finish(value);
    };
    const arm = () => {
      fallback = setTimeout(() => {
        test();
        interval = Math.min(500, interval * 1.5);
        arm();
      }, interval);
    };
    const timer = setTimeout(() => finish(probe()), timeoutMs);
    const unsubscribe = subscribe(test);
    arm();
  });
}
