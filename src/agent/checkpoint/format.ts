// The checkpoint file: a small binary container, parsed and validated completely before anything
// touches a running model. Layout (little-endian):
//   8 bytes  magic "JEPACKPT"
//   u32      format version
//   u32      header length H in bytes
//   H bytes  UTF-8 JSON header { config, tensors: [{ name, shape }], metrics, meta }
//   padding  to a multiple of 4
//   float32  every tensor's values, in header order
import { type ModelConfig, parseModelConfig } from '../model/config';
import type { NamedWeights } from '../model/learner';
import { paramSpecs } from '../model/params';

export const CHECKPOINT_MAGIC = 'JEPACKPT';
export const CHECKPOINT_VERSION = 1;
/** Refuse anything bigger: the default model is about 0.6 MB. */
export const MAX_CHECKPOINT_BYTES = 64 * 1024 * 1024;
const MAX_HEADER_BYTES = 1024 * 1024;
const PREFIX = 16;

export interface Checkpoint {
  config: ModelConfig;
  weights: NamedWeights[];
  /** Numbers worth keeping with the weights (final losses, probe errors...). */
  metrics: Record<string, number | number[]>;
  /** Free-form provenance (command line, seed, commit...): strings, numbers, booleans. */
  meta: Record<string, string | number | boolean>;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export function encodeCheckpoint(ckpt: Checkpoint): ArrayBuffer {
  const header = {
    config: ckpt.config,
    tensors: ckpt.weights.map((w) => ({ name: w.name, shape: w.shape })),
    metrics: ckpt.metrics,
    meta: ckpt.meta,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align4(PREFIX + headerBytes.length);
  const floats = ckpt.weights.reduce((n, w) => n + w.data.length, 0);
  const buf = new ArrayBuffer(dataStart + floats * 4);
  const bytes = new Uint8Array(buf);
  const view = new DataView(buf);
  bytes.set(new TextEncoder().encode(CHECKPOINT_MAGIC), 0);
  view.setUint32(8, CHECKPOINT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  bytes.set(headerBytes, PREFIX);
  let offset = dataStart;
  for (const w of ckpt.weights) {
    for (let i = 0; i < w.data.length; i++) view.setFloat32(offset + i * 4, w.data[i]!, true);
    offset += w.data.length * 4;
  }
  return buf;
}

/**
 * Parses and validates a checkpoint: magic, version, sizes, header schema, the model config,
 * every tensor the config needs present with the right shape, all values finite. Throws a
 * CheckpointError naming the first problem.
 */
export function decodeCheckpoint(input: ArrayBuffer | Uint8Array): Checkpoint {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length > MAX_CHECKPOINT_BYTES) {
    throw new CheckpointError(
      `checkpoint is ${bytes.length} bytes, over the ${MAX_CHECKPOINT_BYTES}-byte limit`,
    );
  }
  if (bytes.length < PREFIX)
    throw new CheckpointError(`checkpoint is truncated: ${bytes.length} bytes, no header`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== CHECKPOINT_MAGIC)
    throw new CheckpointError('not a JEPA Playground checkpoint (bad magic bytes)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(
      `checkpoint format version ${version} is not supported (expected ${CHECKPOINT_VERSION})`,
    );
  }
  const headerLen = view.getUint32(12, true);
  if (headerLen > MAX_HEADER_BYTES)
    throw new CheckpointError(`checkpoint header of ${headerLen} bytes is too large`);
  if (PREFIX + headerLen > bytes.length)
    throw new CheckpointError('checkpoint is truncated inside its header');
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREFIX, PREFIX + headerLen)),
    );
  } catch (e) {
    throw new CheckpointError(`checkpoint header is not valid JSON: ${(e as Error).message}`);
  }
  if (!isRecord(header)) throw new CheckpointError('checkpoint header is not an object');
  let config: ModelConfig;
  try {
    config = parseModelConfig(header.config, 'checkpoint config');
  } catch (e) {
    throw new CheckpointError((e as Error).message);
  }
  const listed = header.tensors;
  if (!Array.isArray(listed)) throw new CheckpointError('checkpoint header has no tensor list');
  const specs = paramSpecs(config);
  if (listed.length !== specs.length) {
    throw new CheckpointError(
      `checkpoint lists ${listed.length} tensors, the model config needs ${specs.length}`,
    );
  }
  const dataStart = align4(PREFIX + headerLen);
  const expectedBytes = dataStart + specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0) * 4;
  if (bytes.length < expectedBytes) {
    throw new CheckpointError(
      `checkpoint is truncated: ${bytes.length} bytes, the tensors need ${expectedBytes}`,
    );
  }
  if (bytes.length > expectedBytes) {
    throw new CheckpointError(`checkpoint has ${bytes.length - expectedBytes} unexpected trailing bytes`);
  }
  const weights: NamedWeights[] = [];
  let offset = dataStart;
  specs.forEach((spec, k) => {
    const entry = listed[k];
    if (!isRecord(entry) || typeof entry.name !== 'string' || !Array.isArray(entry.shape)) {
      throw new CheckpointError(`checkpoint tensor entry ${k} is malformed`);
    }
    if (entry.name !== spec.name) {
      const present = listed.some((e) => isRecord(e) && e.name === spec.name);
      throw new CheckpointError(
        present
          ? `checkpoint tensor ${k} is '${entry.name}', expected '${spec.name}' at that position`
          : `checkpoint is missing tensor '${spec.name}'`,
      );
    }
    const shape = entry.shape as unknown[];
    if (shape.length !== spec.shape.length || shape.some((d, i) => d !== spec.shape[i])) {
      throw new CheckpointError(
        `checkpoint tensor '${spec.name}' has shape [${shape.join(', ')}], the config needs [${spec.shape.join(', ')}]`,
      );
    }
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const v = view.getFloat32(offset + i * 4, true);
      if (!Number.isFinite(v)) {
        throw new CheckpointError(`checkpoint tensor '${spec.name}' holds a non-finite value at index ${i}`);
      }
      data[i] = v;
    }
    offset += n * 4;
    weights.push({ name: spec.name, shape: [...spec.shape], data });
  });
  return { config, weights, metrics: cleanMetrics(header.metrics), meta: cleanMeta(header.meta) };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cleanMetrics(v: unknown): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {};
  if (!isRecord(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'number') out[k] = x;
    else if (Array.isArray(x) && x.every((e) => typeof e === 'number')) out[k] = x as number[];
  }
  return out;
}

function cleanMeta(v: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  if (!isRecord(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = x;
  }
  return out;
}
