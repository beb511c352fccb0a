// The critic's file: versioned JSON ("jepa-critic/1") holding the network's shape, its discount, how
// it was trained and its weights as base64 float32. Loading validates everything first and throws a
// message naming the field, so a bad file leaves the running critic as it was.
import '../../zod-no-eval';
import { z } from 'zod';
import { Critic } from './critic';
import type { MlpWeights } from './mlp';

export const CRITIC_FORMAT = 'jepa-critic/1';
export const MAX_CRITIC_FILE_CHARS = 16 * 1024 * 1024;

const schema = z.strictObject({
  format: z.literal(CRITIC_FORMAT),
  latentDim: z.number().int().min(1).max(1024),
  hidden: z.number().int().min(1).max(4096),
  gamma: z.number().gt(0).lt(1),
  /** What V counts: 'steps' = discounted steps to the goal (critic-td.ts). */
  units: z.literal('steps'),
  meta: z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean()])).optional(),
  weights: z
    .array(
      z.strictObject({
        name: z.string().max(200),
        shape: z
          .array(
            z
              .number()
              .int()
              .min(1)
              .max(1 << 20),
          )
          .min(1)
          .max(4),
        data: z.string().max(MAX_CRITIC_FILE_CHARS),
      }),
    )
    .max(64),
});

export type CriticFile = z.infer<typeof schema>;

function toBase64(a: Float32Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(s: string, where: string): Float32Array {
  let bin: string;
  try {
    bin = atob(s);
  } catch {
    throw new Error(`critic file: ${where}.data is not base64`);
  }
  if (bin.length % 4 !== 0)
    throw new Error(`critic file: ${where}.data holds ${bin.length} bytes, not whole float32s`);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

export function encodeCriticFile(
  critic: Critic,
  meta: Record<string, string | number | boolean> = {},
): string {
  const file: CriticFile = {
    format: CRITIC_FORMAT,
    latentDim: critic.latentDim,
    hidden: critic.hidden,
    gamma: critic.gamma,
    units: 'steps',
    meta,
    weights: critic.exportWeights().map((w) => ({ name: w.name, shape: w.shape, data: toBase64(w.data) })),
  };
  return JSON.stringify(file);
}

/** Parses and checks a critic file: format, sizes, every tensor's length and finiteness. */
export function decodeCriticFile(text: string): { file: CriticFile; weights: MlpWeights[] } {
  if (text.length > MAX_CRITIC_FILE_CHARS)
    throw new Error(`critic file: ${text.length} characters, the limit is ${MAX_CRITIC_FILE_CHARS}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`critic file: not JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`critic file: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  const file = parsed.data;
  const weights = file.weights.map((w, i) => {
    const data = fromBase64(w.data, `weights[${i}]`);
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (data.length !== size)
      throw new Error(
        `critic file: weights[${i}] has ${data.length} values, its shape [${w.shape}] needs ${size}`,
      );
    if (!data.every(Number.isFinite))
      throw new Error(`critic file: weights[${i}] holds a NaN or infinite value`);
    return { name: w.name, shape: w.shape, data };
  });
  return { file, weights };
}

/** A critic built from a file (throws, creating nothing, when the file is bad). */
export function criticFromFile(text: string, name = 'critic'): Critic {
  const { file, weights } = decodeCriticFile(text);
  const critic = new Critic({
    latentDim: file.latentDim,
    hidden: file.hidden,
    gamma: file.gamma,
    name,
    units: file.units,
  });
  try {
    critic.importWeights(weights);
  } catch (e) {
    critic.dispose();
    throw new Error(`critic file: ${(e as Error).message}`);
  }
  return critic;
}
