// A captured output stream with a byte cap, and waiters woken as bytes arrive.
import { StringDecoder } from 'node:string_decoder';

/** Default cap for each of stdout and stderr: the bytes kept from the start. */
export const OUTPUT_CAP = 1024 * 1024;
/**
 * Past the cap the grader keeps reading (and searching the recent bytes) up to this total, then
 * stops reading. Reading lets an endless print() loop run: it costs the program about 0.17 s of
 * CPU per MiB (measured), so 4 MiB keep it far from a 2 s CPU limit and it is diagnosed as
 * output-limit, not time-limit; 64 MiB would cost it 10 s.
 */
export const OUTPUT_CEILING = 4 * 1024 * 1024;
/** The most recent bytes kept past the cap, so text printed after a flood can still be found. */
export const RECENT_WINDOW = 64 * 1024;
/** Marks the bytes dropped between the head and the recent window. */
export const GAP = '…';
/** Past the cap, listeners are woken at most this often: each wake may rebuild a search text of over 1 MiB. */
export const PAST_CAP_WAKE_MS = 50;

/**
 * Collects the first `cap` bytes of a stream and, past them, a rolling window of the most recent
 * bytes; the rest is counted and dropped. Past `ceiling` bytes in all it is `saturated`: the
 * reader stops reading, so the end of the output is unknown.
 */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private decoded = '';
  private readonly decoder = new StringDecoder('utf8');
  private listeners = new Set<() => void>();
  private readonly recent: Buffer[] = [];
  private recentBytes = 0;
  private searchCache: string | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  /** Bytes kept in the head. */
  kept = 0;
  /** Bytes seen in all, kept or not. */
  total = 0;
  closed = false;

  constructor(
    readonly cap: number = OUTPUT_CAP,
    readonly ceiling: number = Math.max(cap, OUTPUT_CEILING),
    readonly window: number = RECENT_WINDOW,
  ) {}

  /** Adds a chunk as it arrives from the pipe. */
  push(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.cap - this.kept;
    let rest = chunk;
    if (room > 0) {
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.chunks.push(part);
      this.kept += part.length;
      this.decoded += this.decoder.write(part);
      rest = chunk.subarray(part.length);
    }
    if (rest.length > 0) this.keepRecent(rest);
    this.searchCache = undefined;
    // A flood past the cap would rebuild the search text for every chunk; the last chunk before
    // reading stops is told at once, so waiters never miss the end.
    if (this.overflowed && !this.saturated) this.notifySoon();
    else this.notify();
  }

  /** True once the reader should stop reading: past the ceiling nothing more is recorded. */
  get saturated(): boolean {
    return this.total >= this.ceiling;
  }

  /**
   * What checks search: everything while under the cap; past it the head, `…`, and the most
   * recent window, so a text printed after megabytes of noise is still found.
   */
  get searchable(): string {
    if (!this.overflowed) return this.decoded;
    this.searchCache ??= `${this.decoded}${GAP}${decodeWindow(Buffer.concat(this.recent))}`;
    return this.searchCache;
  }

  // Only the newest `window` bytes stay; a chunk bigger than the window keeps its end.
  private keepRecent(bytes: Buffer): void {
    this.recent.push(bytes.length > this.window ? bytes.subarray(bytes.length - this.window) : bytes);
    this.recentBytes += this.recent[this.recent.length - 1]!.length;
    while (this.recentBytes > this.window) {
      const excess = this.recentBytes - this.window;
      const first = this.recent[0]!;
      if (first.length <= excess) this.recent.shift();
      else this.recent[0] = first.subarray(excess);
      this.recentBytes -= Math.min(first.length, excess);
    }
  }

  /** Marks the end of the stream. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  /** True when the output went past the cap (diagnosed as output-limit; only head and window are kept). */
  get overflowed(): boolean {
    return this.total > this.kept;
  }

  /** Everything kept, decoded as UTF-8 with replacement. */
  get text(): string {
    return this.decoded;
  }

  /** The last `n` characters, for reports (from the recent window once past the cap). */
  tail(n = 4000): string {
    const text = this.searchable;
    return text.length <= n ? text : text.slice(-n);
  }

  /** Calls `listener` on every change until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notifySoon(): void {
    this.wakeTimer ??= setTimeout(() => this.notify(), PAST_CAP_WAKE_MS).unref();
  }

  private notify(): void {
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    for (const listener of [...this.listeners]) listener();
  }
}

// The window starts at an arbitrary byte: skip the continuation bytes of a cut character.
function decodeWindow(bytes: Buffer): string {
  let start = 0;
  while (start < Math.min(3, bytes.length) && (bytes[start]! & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString('utf8');
}

/** Resolves true once `quietMs` pass with no new output (at once if the stream ended), false at the deadline. */
export function waitQuiet(out: CappedOutput, quietMs: number, timeoutMs: number): Promise<boolean> {
  if (out.closed) return Promise.resolve(true);
  return new Promise((resolve) => {
    let quiet: NodeJS.Timeout | undefined;
    const finish = (value: boolean) => {
      clearTimeout(quiet);
      clearTimeout(deadline);
      off();
      resolve(value);
    };
    // Each chunk of output restarts the quiet window; the end of the stream ends it.
    const restart = () => {
      if (out.closed) return finish(true);
      clearTimeout(quiet);
      quiet = setTimeout(() => finish(true), quietMs);
    };
    const deadline = setTimeout(() => finish(false), Math.max(0, timeoutMs));
    const off = out.subscribe(restart);
    restart();
  });
}
