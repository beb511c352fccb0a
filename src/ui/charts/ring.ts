// A fixed-size table of rows (x and one value per series) for the live charts: the oldest row is
// overwritten, so a chart left running for hours holds the same few hundred points it held after
// minutes. Missing values are NaN inside and null (a gap) when handed to uPlot.

export type Column = (number | null)[];

export class RingTable {
  private readonly cols: Float64Array[];
  private start = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly width: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`RingTable: capacity must be a positive integer, got ${capacity}`);
    if (!Number.isInteger(width) || width < 1)
      throw new Error(`RingTable: width must be a positive integer, got ${width}`);
    this.cols = Array.from({ length: width }, () => new Float64Array(capacity));
  }

  get size(): number {
    return this.count;
  }

  /** The newest row's value in column c, or null when empty. */
  last(c: number): number | null {
    if (this.count === 0) return null;
    const v = this.cols[c]![(this.start + this.count - 1) % this.capacity]!;
    return Number.isNaN(v) ? null : v;
  }

  /** Appends a row (one value per column; null or a non-finite value is a gap). */
  push(row: readonly (number | null | undefined)[]): void {
    if (row.length !== this.width)
      throw new Error(`RingTable.push: row has ${row.length} values, the table has ${this.width} columns`);
    const slot = (this.start + this.count) % this.capacity;
    for (let c = 0; c < this.width; c++) {
      const v = row[c];
      this.cols[c]![slot] = typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
    }
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }

  /** Oldest to newest, one array per column: uPlot's AlignedData shape. */
  columns(): Column[] {
    return this.cols.map((col) => {
      const out: Column = new Array(this.count);
      for (let i = 0; i < this.count; i++) {
        const v = col[(this.start + i) % this.capacity]!;
        out[i] = Number.isNaN(v) ? null : v;
      }
      return out;
    });
  }
}

/** Fraction of true among the last `window` entries ending at each index (the rolling success rate). */
export function rollingRate(outcomes: readonly boolean[], window: number): number[] {
  if (!Number.isInteger(window) || window < 1)
    throw new Error(`rollingRate: window must be a positive integer, got ${window}`);
  const out: number[] = [];
  let hits = 0;
  for (let i = 0; i < outcomes.length; i++) {
    if (outcomes[i]) hits++;
    if (i >= window && outcomes[i - window]) hits--;
    out.push(hits / Math.min(i + 1, window));
  }
  return out;
}
