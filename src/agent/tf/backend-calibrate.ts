// A short, realistic workload timed on the current tfjs backend to choose between backends: a batched
// MLP forward pass plus the gradient of a squared loss with respect to every weight, through the
// fast-gradient matMul the model uses. Each rep ends with a read-back so asynchronous GPU backends
// pay for the work they queued. The first call (warm-up) compiles shaders and is not counted.
import { tf } from './core';
import { dense } from './ops';

export interface CalibrationOptions {
  /** Timed reps after the warm-up (fewer if the time budget runs out). */
  reps?: number;
  /** Stop timing further reps after this many ms of timed work. */
  budgetMs?: number;
  /** Stop after one timed rep if it is this many times slower than `rivalMs`: it has clearly lost. */
  hopelessFactor?: number;
  /** The best median measured on another backend so far. */
  rivalMs?: number;
  now?: () => number;
  /** Called before each synchronous run (the warm-up may block for seconds while shaders compile). */
  beforeRun?: (warmup: boolean) => void;
}

export interface Calibration {
  /** Median of the timed reps, ms. */
  ms: number;
  warmupMs: number;
  repsMs: number[];
}

const BATCH = 128;
const SIZES = [128, 256, 256, 32] as const;

export const CALIBRATION_WORKLOAD = `MLP ${SIZES.join('-')} (relu), batch ${BATCH}: forward + gradient of a squared loss w.r.t. all weights, read back; median of timed reps after one warm-up`;

/** Times the workload on whatever backend tfjs is running now. Leaves no tensors behind. */
export async function calibrateCurrentBackend(options: CalibrationOptions = {}): Promise<Calibration> {
  const reps = options.reps ?? 5;
  const budgetMs = options.budgetMs ?? 600;
  const hopeless = options.hopelessFactor ?? 3;
  const now = options.now ?? (() => performance.now());

  const weights: tf.Tensor2D[] = [];
  for (let i = 0; i + 1 < SIZES.length; i++) {
    const fanIn = SIZES[i] as number;
    weights.push(
      tf.randomNormal([fanIn, SIZES[i + 1] as number], 0, Math.sqrt(2 / fanIn), 'float32', 17 + i),
    );
  }
  const x = tf.randomNormal([BATCH, SIZES[0]], 0, 1, 'float32', 7) as tf.Tensor2D;
  const target = tf.randomNormal(
    [BATCH, SIZES[SIZES.length - 1] as number],
    0,
    1,
    'float32',
    8,
  ) as tf.Tensor2D;

  const loss = (...ws: tf.Tensor[]) => {
    let h: tf.Tensor2D = x;
    ws.forEach((w, i) => {
      h = dense(h, w as tf.Tensor2D);
      if (i + 1 < ws.length) h = tf.relu(h);
    });
    return tf.mean(tf.square(tf.sub(h, target)));
  };
  const gradAll = tf.grads(loss);

  const once = async (warmup = false): Promise<number> => {
    options.beforeRun?.(warmup);
    const start = now();
    const summed = tf.tidy(() => tf.addN(gradAll(weights).map((g) => tf.sum(g))));
    const value = (await summed.data())[0] as number;
    summed.dispose();
    if (!Number.isFinite(value)) throw new Error(`calibration produced a non-finite gradient (${value})`);
    return now() - start;
  };

  try {
    const warmupMs = await once(true);
    const repsMs: number[] = [];
    let spent = 0;
    while (repsMs.length < reps && (repsMs.length === 0 || spent < budgetMs)) {
      const ms = await once();
      repsMs.push(ms);
      spent += ms;
      if (options.rivalMs !== undefined && repsMs.length === 1 && ms > hopeless * options.rivalMs) break;
    }
    return { ms: median(repsMs), warmupMs, repsMs };
  } finally {
    tf.dispose([...weights, x, target]);
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
