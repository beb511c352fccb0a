// Events per second over a sliding window, for the status panel (samples/s, steps/s).
export class RateMeter {
  private readonly events: { t: number; n: number }[] = [];

  constructor(
    private readonly windowMs = 5000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(n: number): void {
    this.events.push({ t: this.now(), n });
    this.prune();
  }

  perSecond(): number {
    this.prune();
    const first = this.events[0];
    if (!first) return 0;
    const total = this.events.reduce((s, e) => s + e.n, 0);
    // Over the window, or since the first event if the meter is younger than the window.
    const span = Math.max(this.now() - first.t, 1000);
    return (total * 1000) / Math.min(span, this.windowMs);
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    while (this.events.length > 0 && (this.events[0] as { t: number }).t < cutoff) this.events.shift();
  }
}
