// Progress of a multi-stack terraform run: redrawn status lines on a terminal, plain lines otherwise.

export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export const duration = (ms: number) => {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

const ERASE_UP = (lines: number) => (lines ? `\x1b[${lines}A\r\x1b[J` : '\r\x1b[J');

/**
 * Finished stacks are printed once, as permanent lines. On a TTY the stacks in flight are shown below them
 * in a block that is erased and redrawn on every event and every second (so elapsed times move).
 */
export class Progress {
  private readonly running = new Map<string, { phase: string; since: number }>();
  private readonly started = Date.now();
  private done = 0;
  private failed = 0;
  private drawn = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly out: Output,
    private readonly total: number,
    private readonly verb = 'plan',
  ) {
    if (out.isTTY) {
      this.timer = setInterval(() => this.redraw(), 1000);
      this.timer.unref();
    }
  }

  /** An event from planStacks or applyStacks: a phase started (ok undefined) or finished; `done` ends a stack. */
  readonly event = (e: { stack: string; phase: string; ok?: boolean; ms?: number }): void => {
    if (e.phase === 'done') {
      const phase = this.running.get(e.stack)?.phase;
      this.running.delete(e.stack);
      this.done++;
      if (!e.ok) this.failed++;
      const status = e.ok ? 'ok  ' : 'FAIL';
      this.line(
        `[${String(this.done).padStart(String(this.total).length)}/${this.total}] ${status} ${e.stack}` +
          `${e.ok ? '' : ` (${phase} failed)`} ${duration(e.ms ?? 0)}`,
      );
    } else if (e.ok === undefined) {
      this.running.set(e.stack, { phase: e.phase, since: this.running.get(e.stack)?.since ?? Date.now() });
      this.redraw();
    }
  };

  /** Erases the status block; call once the run is over. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.out.isTTY) this.out.write(ERASE_UP(this.drawn));
    this.drawn = 0;
  }

  private line(text: string): void {
    if (!this.out.isTTY) {
      this.out.write(text + '\n');
      return;
    }
    this.out.write(ERASE_UP(this.drawn) + text + '\n');
    this.drawn = 0;
    this.redraw();
  }

  private redraw(): void {
    if (!this.out.isTTY) return;
    const width = Math.max(20, (this.out.columns || 80) - 1); // 0 when the terminal size is unknown
    const now = Date.now();
    const lines = [
      `${this.verb}: ${this.done}/${this.total} done, ${this.running.size} running, ${this.failed} failed, ${duration(now - this.started)}`,
      ...[...this.running].map(([stack, r]) => `  ${r.phase.padEnd(8)} ${stack}  ${duration(now - r.since)}`),
    ].map((l) => (l.length > width ? l.slice(0, width - 1) + '…' : l));
    // Move to the top of the previous block, clear it, draw the new one; the cursor ends below it.
    this.out.write(ERASE_UP(this.drawn) + lines.join('\n') + '\n');
    this.drawn = lines.length;
  }
}
