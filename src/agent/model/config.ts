// The one description of a world model's shape and training objective. A checkpoint carries it, so
// a loaded model is rebuilt exactly; every field is validated because it may come from a file.
import '../../zod-no-eval';
import { z } from 'zod';

export const LossWeightsSchema = z.object({
  /** Multi-step latent prediction (the JEPA energy). */
  prediction: z.number().min(0).max(1e3),
  /** VICReg variance hinge: keeps every latent dimension alive. */
  variance: z.number().min(0).max(1e3),
  /** VICReg covariance: decorrelates dimensions so they carry different information. */
  covariance: z.number().min(0).max(1e3),
  /** Consecutive latents close: slow features, smoother planning landscape. */
  smoothness: z.number().min(0).max(1e3),
  /** Inverse dynamics: the latent must show what the action changed (the anti-collapse term that matters most). */
  inverseDynamics: z.number().min(0).max(1e3),
  /** Probe heads (trained on stop-gradient latents, so this weight does not shape the encoder). */
  probes: z.number().min(0).max(1e3),
});
export type LossWeights = z.infer<typeof LossWeightsSchema>;

export const ModelConfigSchema = z
  .object({
    /** Channels of the observation image (OBS_CHANNELS). */
    channels: z.number().int().min(1).max(16),
    /** Side of the image the encoder works on; larger observations are average-pooled down to it. */
    inputSize: z.number().int().min(8).max(256),
    /** Side of a square patch; inputSize must be a multiple of it. */
    patchSize: z.number().int().min(2).max(64),
    /** Width of the shared per-patch embedding. */
    patchDim: z.number().int().min(1).max(256),
    /**
     * Spatial soft-argmax keypoints (Finn et al. 2016): K learned pixel detectors whose expected
     * (x, y) over the image join the patch features. They carry sub-pixel positions, which a coarse
     * patch grid blurs away. 0 disables.
     */
    keypoints: z.number().int().min(0).max(64),
    hiddenDim: z.number().int().min(4).max(1024),
    /** Latent size, including the proprioDim values appended at its end. */
    latentDim: z.number().int().min(2).max(256),
    proprioDim: z.number().int().min(0).max(16),
    actionDim: z.number().int().min(1).max(16),
    predictorHidden: z.number().int().min(4).max(1024),
    probeHidden: z.number().int().min(4).max(512),
    /**
     * Side of the wall-map readout: a G x G grid over the arena of where the agent's centre cannot
     * be (walls and closed doors), read from one latent (tools/train-map.ts fits it on frozen
     * latents). The planner checks imagined positions against the map read from the real current
     * state, so a path the predictor wrongly lets through a wall still costs. Absent or 0: no map.
     */
    mapGrid: z.number().int().min(0).max(64).optional(),
    /**
     * Inverse dynamics looks this many steps apart and predicts the mean action in between: one
     * step moves the agent a fraction of a pixel, too little to read from the image.
     */
    idmGap: z.number().int().min(1).max(64),
    /** Steps the predictor is rolled during training. */
    rollout: z.number().int().min(1).max(64),
    /** Arena size in world units: probes predict normalised positions and report metres. */
    arena: z.object({ width: z.number().positive().max(1e4), height: z.number().positive().max(1e4) }),
    learningRate: z.number().positive().max(1),
    /** Global gradient-norm clip; 0 disables. */
    gradClip: z.number().min(0).max(1e6),
    weights: LossWeightsSchema,
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.latentDim <= c.proprioDim + 2 * c.keypoints) {
      ctx.addIssue({
        code: 'custom',
        path: ['latentDim'],
        message: `latentDim ${c.latentDim} must exceed proprioDim + 2 * keypoints = ${c.proprioDim + 2 * c.keypoints} (both are part of the latent)`,
      });
    }
    if (c.inputSize % c.patchSize !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['patchSize'],
        message: `inputSize ${c.inputSize} is not a multiple of patchSize ${c.patchSize}`,
      });
    }
  });
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

export const DEFAULT_WEIGHTS: LossWeights = {
  prediction: 1,
  variance: 1,
  covariance: 0.04,
  smoothness: 0.05,
  inverseDynamics: 1,
  probes: 1,
};

export const DEFAULT_MODEL_CONFIG: ModelConfig = {
  channels: 4,
  inputSize: 32,
  patchSize: 8,
  patchDim: 32,
  keypoints: 4, // = channels: one detector per observation channel at init
  hiddenDim: 128,
  latentDim: 32,
  proprioDim: 2,
  actionDim: 2,
  predictorHidden: 128,
  probeHidden: 64,
  rollout: 8,
  idmGap: 4,
  arena: { width: 10, height: 10 },
  learningRate: 1e-3,
  gradClip: 10,
  weights: DEFAULT_WEIGHTS,
};

/** Defaults overridden by `partial`, validated; throws a message naming every bad field. */
export function makeModelConfig(partial: Partial<ModelConfig> = {}): ModelConfig {
  const merged = {
    ...DEFAULT_MODEL_CONFIG,
    ...partial,
    weights: { ...DEFAULT_WEIGHTS, ...(partial.weights ?? {}) },
  };
  return parseModelConfig(merged, 'model config');
}

export function parseModelConfig(value: unknown, where: string): ModelConfig {
  const r = ModelConfigSchema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid ${where}: ${issues}`);
  }
  return r.data;
}

/** Number of patches per image. */
export function patchCount(c: ModelConfig): number {
  const n = c.inputSize / c.patchSize;
  return n * n;
}
