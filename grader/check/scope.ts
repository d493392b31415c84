// A check is a scope that ends: at its deadline and at its end, every wait of its body stops and
// every later action throws, so a timed-out body can never reach the next check's programs.

/** Thrown into a check body whose scope has ended; the runner has already recorded the verdict. */
export class CheckAborted extends Error {
  constructor() {
    super('the check has ended');
    this.name = 'CheckAborted';
  }
}

/** The lifetime of one check, with the abort signal that every wait and action of its API takes. */
export class CheckScope {
  private readonly controller = new AbortController();
  readonly signal: AbortSignal = this.controller.signal;

  /** Ends the scope (its deadline passed, or the check is over); idempotent. */
  end(): void {
    if (!this.signal.aborted) this.controller.abort();
  }

  get ended(): boolean {
    return this.signal.aborted;
  }

  /** Throws CheckAborted once the scope has ended. */
  assertOpen(): void {
    if (this.signal.aborted) throw new CheckAborted();
  }

  /** Races a wait against the end of the scope: an ended scope rejects it with CheckAborted. */
  guard<T>(wait: Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(new CheckAborted());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new CheckAborted());
      this.signal.addEventListener('abort', onAbort, { once: true });
      const settle = () => this.signal.removeEventListener('abort', onAbort);
      wait.then(
        (value) => (settle(), resolve(value)),
        (error) => (settle(), reject(error)),
      );
    });
  }

  /**
   * A view of `target` whose methods named in `waits` are guarded and whose methods named in
   * `actions` throw once the scope ended; everything else (getters, clean-up) passes through.
   */
  wrap<T extends object>(target: T, waits: readonly string[], actions: readonly string[]): T {
    return new Proxy(target, {
      get: (obj, prop, receiver) => {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        if (waits.includes(prop)) return (...args: unknown[]) => this.guard(Promise.resolve(value.apply(obj, args)));
        if (actions.includes(prop)) {
          return (...args: unknown[]) => {
            this.assertOpen();
            return value.apply(obj, args);
          };
        }
        return value.bind(obj);
      },
    });
  }
}

/** Peer methods that wait, and that act on the wire. */
export const PEER_WAITS = ['expect', 'sees', 'waitClosed'] as const;
export const PEER_ACTIONS = ['send'] as const;
/** Program methods that wait, and that act on the program. */
export const PROGRAM_WAITS = ['waitExit', 'activity'] as const;
export const PROGRAM_ACTIONS = ['write'] as const;
/** Output-view methods that wait. */
export const OUTPUT_WAITS = ['waitFor', 'waitQuiet'] as const;
/** UDP endpoint methods that wait, and that act. */
export const UDP_WAITS = ['waitFor'] as const;
export const UDP_ACTIONS = ['send', 'reply'] as const;
