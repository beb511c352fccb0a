// The compounding-error curve, live: a few sequences from the newest frames of short-term memory,
// rolled through the predictor on their real actions and compared with "nothing changes". The newest
// frames are the ones training has sampled least, so this is the closest to held-out data the
// worker has without setting frames aside (training samples memory uniformly).
import type { ReplayMemory } from '../src/agent/memory/replay';
import type { WorldModelLearner } from '../src/agent/model/learner';
import { mulberry32 } from '../src/agent/model/rng';
import type { PredictionCurve } from './agent-api';

export interface CurveOptions {
  /** Steps ahead: the curve has this many points (h = 1..horizon). */
  horizon?: number;
  /** Sequences averaged: a few keep it cheap (one encode of sequences x (horizon + 1) frames). */
  sequences?: number;
  /** Sequence starts are drawn from the newest this many frames. */
  window?: number;
}

export const CURVE_HORIZON = 16;

export function predictionCurve(
  learner: WorldModelLearner,
  memory: ReplayMemory,
  options: CurveOptions = {},
): PredictionCurve {
  const horizon = options.horizon ?? CURVE_HORIZON;
  const sequences = options.sequences ?? 16;
  const length = horizon + 1;
  const t0 = performance.now();
  if (memory.countValidStarts(length) === 0) {
    return {
      ok: false,
      reason: `memory holds no episode stretch of ${length} consecutive frames yet (${memory.size} frames)`,
    };
  }
  const span = memory.size - length + 1;
  const window = Math.min(span, options.window ?? 800);
  // sampleSequences maps rng() in [0, 1) linearly onto the starts oldest..newest: draws in
  // [1 - window/span, 1) land in the newest window. A fixed seed keeps the slice steady between calls,
  // so the curve moves with the model and the data, not with the draw.
  const draw = mulberry32(0x5eed);
  const from = 1 - window / span;
  const batch = memory.sampleSequences(sequences, length, () => from + draw() * (1 - from));
  const m = learner.evaluate(batch, horizon);
  return {
    ok: true,
    model: m.horizonError,
    static: m.horizonErrorStatic,
    sequences,
    window: window + length - 1,
    trainSteps: learner.step,
    ms: performance.now() - t0,
  };
}
