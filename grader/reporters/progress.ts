// The live progress line of the terminal reporter: done/total, ETA and who is being graded now.
import type { Msg } from '../events.js';
import { fmtDuration } from './safe.js';

type UI = (key: string, params?: Msg['params']) => string;

/** Erases the current terminal line and returns the cursor to its start. */
export const CLEAR_LINE = '\r\x1b[2K';
/** How often the line is redrawn between events, so the ETA keeps moving. */
const TICK_MS = 1000;

/** Counts submissions as they begin and end; knows nothing about the terminal. */
export class ProgressState {
  total = 0;
  done = 0;
  readonly running = new Set<string>();
  private startedAt: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** The run is planned: `total` submissions from now on. */
  begin(total: number): void {
    this.total = total;
    this.startedAt = this.now();
  }

  /** A submission started grading. */
  started(id: string): void {
    this.startedAt ??= this.now();
    this.running.add(id);
  }

  /** A submission finished (or was given up). */
  finished(id: string): void {
    this.running.delete(id);
    this.done += 1;
  }

  /** Milliseconds left, extrapolated from the mean time per finished submission; undefined before the first. */
  etaMs(): number | undefined {
    if (this.done === 0 || this.startedAt === undefined) return undefined;
    const perSubmission = (this.now() - this.startedAt) / this.done;
    return Math.max(0, Math.round(perSubmission * Math.max(0, this.total - this.done)));
  }

  /** The line's text, cut to `width` columns so it never wraps (a wrapped line cannot be redrawn). */
  line(ui: UI, width: number, clean: (s: string) => string): string {
    const eta = this.etaMs();
    const text = ui('ui.term.progress', {
      done: this.done,
      total: Math.max(this.total, this.done + this.running.size),
      eta: eta === undefined ? '…' : fmtDuration(eta),
      running: [...this.running].map(clean).join(', ') || '—',
    });
    const chars = [...text];
    return chars.length > width ? chars.slice(0, Math.max(1, width - 1)).join('') + '…' : text;
  }
}

/** Draws the state on a TTY: redraws in place and steps aside whenever a normal line is printed. */
export class ProgressLine {
  private shown = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly render: () => string,
  ) {}

  /** Redraws the line now, and keeps it ticking until `stop`. */
  draw(): void {
    this.stream.write(`${CLEAR_LINE}${this.render()}`);
    this.shown = true;
    // unref: a progress line must never keep the process alive.
    this.timer ??= setInterval(() => this.shown && this.draw(), TICK_MS).unref();
  }

  /** Prints a normal line above the progress line. */
  print(line: string): void {
    this.erase();
    this.stream.write(line + '\n');
  }

  /** Removes the line for good (before the summary). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.erase();
  }

  private erase(): void {
    if (this.shown) this.stream.write(CLEAR_LINE);
    this.shown = false;
  }
}

/** The terminal's width when the stream knows it, else a safe 80. */
export function columnsOf(stream: NodeJS.WritableStream): number {
  const cols = (stream as { columns?: unknown }).columns;
  return typeof cols === 'number' && cols > 10 ? cols : 80;
}
