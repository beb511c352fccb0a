// The named parameter set of a world model. One table drives creation, checkpoint validation and
// loading, so a file can be checked against exactly the tensors the running code expects.
import { tf } from '../tf/core';
import { type ModelConfig, patchCount } from './config';
import { mulberry32 } from './rng';

export interface ParamSpec {
  name: string;
  shape: number[];
  /** Weight matrices get He/Glorot-style init, biases zeros. */
  kind: 'weight' | 'bias';
}

function dense(prefix: string, inDim: number, outDim: number): ParamSpec[] {
  return [
    { name: `${prefix}/w`, shape: [inDim, outDim], kind: 'weight' },
    { name: `${prefix}/b`, shape: [outDim], kind: 'bias' },
  ];
}

/** Every trainable tensor of the model, in a fixed order. */
export function paramSpecs(c: ModelConfig): ParamSpec[] {
  const patchIn = c.channels * c.patchSize * c.patchSize;
  const flat = patchCount(c) * c.patchDim + 2 * c.keypoints;
  const mlpOut = c.latentDim - c.proprioDim - 2 * c.keypoints;
  const D = c.latentDim;
  return [
    ...dense('enc/patch', patchIn, c.patchDim),
    ...(c.keypoints > 0 ? dense('enc/kp', c.channels, c.keypoints) : []),
    ...dense('enc/h1', flat, c.hiddenDim),
    // Part of the latent; keypoints and proprioception are appended as is (see network.encode).
    ...dense('enc/out', c.hiddenDim, mlpOut),
    ...dense('pred/h1', D + c.actionDim, c.predictorHidden),
    ...dense('pred/h2', c.predictorHidden, c.predictorHidden),
    ...dense('pred/out', c.predictorHidden, D),
    ...dense('idm/h1', 2 * (D - c.proprioDim), c.predictorHidden),
    ...dense('idm/out', c.predictorHidden, c.actionDim),
    ...dense('probe/h1', D, c.probeHidden),
    // position x, y (normalised by arena size), wall distance (metres), hazard logit
    ...dense('probe/out', c.probeHidden, 4),
    // Wall-map readout: one logit per cell of a mapGrid x mapGrid grid (row = y, column = x).
    ...(c.mapGrid
      ? [...dense('map/h1', D, c.probeHidden), ...dense('map/out', c.probeHidden, c.mapGrid ** 2)]
      : []),
  ];
}

export type Params = Map<string, tf.Variable>;

/**
 * Fresh variables with a seeded init, so a run is reproducible from its seed on every backend.
 * The numbers come from our own generator: tfjs's seeded random ops differ between its builds.
 */
export function createParams(c: ModelConfig, seed: number): Params {
  const params: Params = new Map();
  const rng = mulberry32(seed);
  for (const spec of paramSpecs(c)) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (spec.kind === 'weight') {
      const fanIn = spec.shape[0]!;
      // The predictor's last layer starts near zero so s' = s + f(s, a) begins as the identity.
      // Keypoint detectors start sharp enough that a bright blob wins the spatial softmax.
      const scale =
        spec.name === 'pred/out/w'
          ? 0.1 / Math.sqrt(fanIn)
          : spec.name === 'enc/kp/w'
            ? 12
            : Math.sqrt(2 / fanIn);
      for (let i = 0; i < n; i++) data[i] = truncatedGaussian(rng) * scale;
      if (spec.name === 'enc/kp/w' && spec.shape[0] === spec.shape[1]) {
        // One detector per observation channel to start with (walls, agent, hazards, boxes): the
        // agent detector then reads the agent's position from step one; training may remix them.
        data.fill(0);
        for (let i = 0; i < spec.shape[0]!; i++) data[i * spec.shape[0]! + i] = KEYPOINT_SHARPNESS;
      }
    }
    const value = tf.tensor(data, spec.shape);
    params.set(spec.name, tf.variable(value, true));
    value.dispose();
  }
  return params;
}

/** Softmax logit per unit of pixel intensity: a blob of a few pixels outweighs ~1000 dark ones. */
const KEYPOINT_SHARPNESS = 10;

/** Standard normal truncated at 2 sigma (Box-Muller with rejection). */
function truncatedGaussian(rng: () => number): number {
  for (;;) {
    const u = 1 - rng();
    const v = rng();
    const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    if (Math.abs(g) <= 2) return g;
  }
}

export function disposeParams(p: Params): void {
  for (const v of p.values()) v.dispose();
  p.clear();
}

export function param(p: Params, name: string): tf.Variable {
  const v = p.get(name);
  if (!v) throw new Error(`world model has no parameter '${name}'`);
  return v;
}
