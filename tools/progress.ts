// A one-line progress bar on stderr (no dependency): redrawn in place on a terminal, printed every
// few percent otherwise so logs stay readable.
export class ProgressBar {
  private readonly start = performance.now();
  private lastPrinted = -1;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, note: string): void {
    const frac = Math.min(1, done / this.total);
    const width = 24;
    const filled = Math.round(frac * width);
    const elapsed = (performance.now() - this.start) / 1000;
    const eta = done > 0 ? (elapsed / done) * (this.total - done) : 0;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${fmt(elapsed)} eta ${fmt(eta)} ${note}`;
    if (this.stream.isTTY)
      this.stream.write(
        `\r${line.slice(0, (this.stream.columns ?? 120) - 1).padEnd(Math.min(line.length, 119))}`,
      );
    else {
      const pct = Math.floor(frac * 20);
      if (pct !== this.lastPrinted || done === this.total) {
        this.lastPrinted = pct;
        this.stream.write(`${line}\n`);
      }
    }
  }

  done(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

function fmt(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
}
