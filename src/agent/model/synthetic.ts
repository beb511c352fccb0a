// A tiny analytic "dot in a box" source of sequence batches, so model and loss tests run on real
// tensors without the physics world. Seeded; images carry a border wall and a blurred agent dot.
import { emptySequenceBatch, type SequenceBatch } from '../memory/replay';
import { mulberry32 } from './rng';

export interface DotBatchOptions {
  batch: number;
  length: number;
  size: number;
  channels?: number;
  arena?: number;
  seed: number;
}

export function dotBatch(o: DotBatchOptions): SequenceBatch {
  const rng = mulberry32(o.seed);
  const C = o.channels ?? 4;
  const S = o.size;
  const W = o.arena ?? 10;
  const { batch: B, length: L } = o;
  const F = C * S * S;
  const out = emptySequenceBatch(B, L, C, S, 2, 2);
  const r = 0.3;
  for (let b = 0; b < B; b++) {
    let x = 1 + rng() * (W - 2);
    let y = 1 + rng() * (W - 2);
    let vx = 0;
    let vy = 0;
    out.episodes[b] = b;
    for (let t = 0; t < L; t++) {
      const i = b * L + t;
      const img = out.images.subarray(i * F, (i + 1) * F);
      for (let py = 0; py < S; py++) {
        for (let px = 0; px < S; px++) {
          if (py === 0 || px === 0 || py === S - 1 || px === S - 1) img[py * S + px] = 1;
          const cx = ((px + 0.5) / S) * W;
          const cy = ((py + 0.5) / S) * W;
          const d2 = (cx - x) ** 2 + (cy - y) ** 2;
          if (C > 1) img[S * S + py * S + px] = Math.exp(-d2 / (2 * (r * 1.5) ** 2));
        }
      }
      out.proprio[i * 2] = vx / 2;
      out.proprio[i * 2 + 1] = vy / 2;
      out.positions[i * 2] = x;
      out.positions[i * 2 + 1] = y;
      out.wallDistance[i] = Math.min(x, y, W - x, W - y) - r;
      out.hazard[i] = x < W / 3 ? 1 : 0;
      if (t < L - 1) {
        const ax = rng() * 2 - 1;
        const ay = rng() * 2 - 1;
        out.actions[(b * (L - 1) + t) * 2] = ax;
        out.actions[(b * (L - 1) + t) * 2 + 1] = ay;
        vx = 0.7 * vx + 0.6 * ax;
        vy = 0.7 * vy + 0.6 * ay;
        x = Math.min(W - r, Math.max(r, x + vx * 0.5));
        y = Math.min(W - r, Math.max(r, y + vy * 0.5));
      }
    }
  }
  return out;
}
