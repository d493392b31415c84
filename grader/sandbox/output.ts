// A captured output stream with a byte cap, and waiters woken as bytes arrive.
import { StringDecoder } from 'node:string_decoder';

/** Default cap for each of stdout and stderr. */
export const OUTPUT_CAP = 1024 * 1024;

/** Collects up to `cap` bytes of a stream; the rest is counted and dropped. */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private decoded = '';
  private readonly decoder = new StringDecoder('utf8');
  private listeners = new Set<() => void>();
  /** Bytes kept. */
  kept = 0;
  /** Bytes seen in all, kept or not. */
  total = 0;
  closed = false;

  constructor(readonly cap: number = OUTPUT_CAP) {}

  /** Adds a chunk as it arrives from the pipe. */
  push(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.cap - this.kept;
    if (room > 0) {
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.chunks.push(part);
      this.kept += part.length;
      this.decoded += this.decoder.write(part);
    }
    this.notify();
  }

  /** Marks the end of the stream. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  /** True when bytes were dropped at the cap. */
  get overflowed(): boolean {
    return this.total > this.kept;
  }

  /** Everything kept, decoded as UTF-8 with replacement. */
  get text(): string {
    return this.decoded;
  }

  /** The last `n` characters, for reports. */
  tail(n = 4000): string {
    return this.decoded.length <= n ? this.decoded : this.decoded.slice(-n);
  }

  /** Calls `listener` on every change until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
