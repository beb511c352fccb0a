// Cheaper calls into tfjs's WebAssembly kernels. A plan runs thousands of small kernels, and on the
// wasm backend most of each one's time is JavaScript around the C++ call, not the call itself:
// an Add of 64 floats took ~10 us in Node, of which the C++ add is well under 1 us
// (docs/BENCHMARKS.md, session 8). Three things in tfjs-backend-wasm 4.22's glue cost most:
//  1. Emscripten's generic `ccall`, which every kernel with a shape argument goes through: per
//     call it builds a table of converters, looks the export up by name and loops the arguments.
//  2. Each shape passed as `new Uint8Array(new Int32Array(shape).buffer)`: two typed arrays and an
//     ArrayBuffer per shape, per call (the `.buffer` forces V8 to move the array off its heap),
//     and the garbage they leave.
//  3. Identity, which the engine runs to save every tensor a gradient will need, and a Cast to
//     the same dtype, both COPY the data on wasm; the cpu backend (and wasm's own Reshape) share it
//     by reference count instead, which is safe because tensor data is never written in place.
// `fastWasmCalls` fixes 1 for every kernel (a lean cwrap, then each kernel's setup re-run), and 2
// and 3 for the kernels a plan runs most (the binary arithmetic ops, the fused matMul, Identity,
// Cast) by re-registering their glue: the same C++ functions with the same arguments, the shapes
// written straight onto the wasm stack. Results are bit-identical (wasm-calls.test.ts). The kernels
// read the module from the backend they are called with, so a re-created backend stays correct.
import { tf } from './core';

type ArgType = 'number' | 'boolean' | 'array' | 'string' | null;
type WasmFn = (...args: number[]) => unknown;

/** The parts of the Emscripten module tfjs-backend-wasm 4.22 exposes that this needs. */
interface EmscriptenModule {
  cwrap(
    ident: string,
    returnType: ArgType,
    argTypes: ArgType[],
    opts?: unknown,
  ): (...args: unknown[]) => unknown;
  stackSave(): number;
  stackRestore(sp: number): void;
  stackAlloc(bytes: number): number;
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  [exported: `_${string}`]: WasmFn | undefined;
}

interface TensorData {
  id: number;
}

/** The parts of tfjs-backend-wasm's BackendWasm the re-registered kernels use. */
interface WasmBackend {
  wasm: EmscriptenModule;
  dataIdMap: { get(dataId: object): TensorData };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  incRef(dataId: object): void;
}

const MARK = Symbol.for('jepa.fastWasmCalls');
/** tfjs-backend-wasm's CppDType (kernels/types.ts); must match cc/backend.h. */
const CPP_DTYPE: Record<string, number> = { float32: 0, int32: 1, bool: 2, string: 3, complex64: 4 };
/** tfjs-backend-wasm's FusableActivation (kernels/types.ts). */
const FUSABLE: Record<string, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  prelu: 3,
  leakyrelu: 4,
  sigmoid: 5,
  elu: 6,
};
/** The binary kernels re-registered, with their output dtype when it is not the input's. */
const BINARY: Record<string, tf.DataType | undefined> = {
  Add: undefined,
  Sub: undefined,
  Multiply: undefined,
  RealDiv: undefined,
  Maximum: undefined,
  Minimum: undefined,
  SquaredDifference: undefined,
  Pow: undefined,
  Less: 'bool',
  LessEqual: 'bool',
  Greater: 'bool',
  GreaterEqual: 'bool',
  Equal: 'bool',
  NotEqual: 'bool',
};

/**
 * A cwrap for numeric and byte-array arguments with a numeric or void result; anything else
 * (strings, async) is left to Emscripten's own.
 */
function leanCwrap(mod: EmscriptenModule, original: EmscriptenModule['cwrap']): EmscriptenModule['cwrap'] {
  return (ident, returnType, argTypes = [], opts) => {
    const simple =
      opts === undefined &&
      returnType !== 'string' &&
      returnType !== 'boolean' &&
      argTypes.every((t) => t === 'number' || t === 'array');
    const arrays = argTypes.map((t) => t === 'array');
    if (!simple || !arrays.includes(true)) return original.call(mod, ident, returnType, argTypes, opts);
    const fn = exported(mod, ident);
    return (...given: unknown[]) => {
      // Every argument given, as ccall does: some kernels pass one more than their argTypes name
      // (Tile's out_id), which is then a plain number.
      const n = given.length;
      const args: number[] = new Array(n);
      const sp = mod.stackSave();
      try {
        for (let i = 0; i < n; i++) {
          const v = given[i];
          if (arrays[i]) {
            const bytes = v as Uint8Array;
            const at = mod.stackAlloc(bytes.length);
            mod.HEAPU8.set(bytes, at); // HEAPU8 read each time: the memory may have grown
            args[i] = at;
          } else {
            args[i] = v as number;
          }
        }
        return fn(...args);
      } finally {
        mod.stackRestore(sp);
      }
    };
  };
}

/** The export `_name`, looked up on each call: Emscripten swaps its lazy stub for the raw function. */
function exported(mod: EmscriptenModule, name: string): WasmFn {
  const key = `_${name}` as const;
  if (typeof mod[key] !== 'function') throw new Error(`wasm kernel export ${key} not found`);
  return (...args) => (mod[key] as WasmFn)(...args);
}

/** Writes a shape as int32 onto the wasm stack (inside a stackSave/stackRestore pair). */
function pushShape(mod: EmscriptenModule, shape: readonly number[]): number {
  const at = mod.stackAlloc(4 * Math.max(1, shape.length));
  mod.HEAP32.set(shape, at >> 2);
  return at;
}

/** A kernel's two operands as the C++ side takes them: id, shape pointer, rank; for each of a and b. */
function operands(be: WasmBackend, a: tf.TensorInfo, b: tf.TensorInfo): number[] {
  const mod = be.wasm;
  const aId = be.dataIdMap.get(a.dataId).id;
  const bId = be.dataIdMap.get(b.dataId).id;
  return [aId, pushShape(mod, a.shape), a.shape.length, bId, pushShape(mod, b.shape), b.shape.length];
}

function binaryKernel(name: string, outDtype: tf.DataType | undefined): tf.KernelConfig {
  const key = `_${name}` as const;
  return {
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const be = backend as unknown as WasmBackend;
      const mod = be.wasm;
      const a = inputs['a'] as tf.TensorInfo;
      const b = inputs['b'] as tf.TensorInfo;
      const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const out = be.makeOutput(shape, outDtype ?? a.dtype);
      if (tf.util.sizeFromShape(shape) === 0) return out;
      const outId = be.dataIdMap.get(out.dataId).id;
      const sp = mod.stackSave();
      try {
        (mod[key] as WasmFn)(...operands(be, a, b), CPP_DTYPE[a.dtype]!, outId);
      } finally {
        mod.stackRestore(sp);
      }
      return out;
    },
  };
}

function fusedMatMulKernel(): tf.KernelConfig {
  return {
    kernelName: '_FusedMatMul',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WasmBackend;
      const mod = be.wasm;
      const a = inputs['a'] as tf.TensorInfo;
      const b = inputs['b'] as tf.TensorInfo;
      const bias = inputs['bias'] as tf.TensorInfo | undefined;
      const prelu = inputs['preluActivationWeights'] as tf.TensorInfo | undefined;
      if (a.dtype !== 'float32' || b.dtype !== 'float32')
        throw new Error('_FusedMatMul for non non-float32 tensors not yet supported.');
      const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as {
        transposeA: boolean;
        transposeB: boolean;
        activation: string;
        leakyreluAlpha?: number;
      };
      let biasId = 0;
      if (bias) {
        if (bias.shape.length !== 1)
          throw new Error(`_FusedMatMul only supports rank-1 bias but got rank ${bias.shape.length}.`);
        biasId = be.dataIdMap.get(bias.dataId).id;
      }
      const preluId = prelu ? be.dataIdMap.get(prelu.dataId).id : 0;
      const act = FUSABLE[activation];
      if (act === undefined)
        throw new Error(`${activation} activation not yet supported for FusedConv2D in the wasm backend.`);
      const left = transposeA ? a.shape[2]! : a.shape[1]!;
      const right = transposeB ? b.shape[1]! : b.shape[2]!;
      const batch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
      const out = be.makeOutput([...batch, left, right], a.dtype);
      const outId = be.dataIdMap.get(out.dataId).id;
      const sp = mod.stackSave();
      try {
        (mod.__FusedMatMul as WasmFn)(
          ...operands(be, a, b),
          transposeA ? 1 : 0,
          transposeB ? 1 : 0,
          act,
          biasId,
          preluId,
          leakyreluAlpha || 0,
          outId,
        );
      } finally {
        mod.stackRestore(sp);
      }
      return out;
    },
  };
}

const SHARED = Symbol.for('jepa.sharedKernel');

/** x itself, by reference count (as Reshape does), for every dtype but string. */
function shareKernel(name: 'Identity' | 'Cast', original: tf.KernelConfig): tf.KernelConfig {
  if ((original as { [SHARED]?: true })[SHARED]) return original;
  const shared: tf.KernelConfig & { [SHARED]?: true } = {
    ...original,
    kernelFunc: (args) => {
      const x = args.inputs['x'] as tf.TensorInfo;
      const same = name === 'Identity' || (args.attrs as { dtype?: string })['dtype'] === x.dtype;
      if (!same || x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as unknown as WasmBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
  shared[SHARED] = true;
  return shared;
}

function replaceKernel(config: tf.KernelConfig, backend: WasmBackend): void {
  tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel(config);
  config.setupFunc?.(backend as unknown as tf.KernelBackend);
}

/**
 * Installs the lean calls on the running wasm backend. Call once after tf.setBackend('wasm');
 * returns false (and changes nothing) on another backend or a module without the expected exports.
 */
export function fastWasmCalls(): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  const backend = tf.backend() as unknown as WasmBackend & { [MARK]?: true };
  const mod = backend.wasm;
  if (backend[MARK]) return true;
  const fns = ['cwrap', 'stackSave', 'stackAlloc', 'stackRestore', '__FusedMatMul'] as const;
  if (
    !mod ||
    fns.some((f) => typeof mod[f] !== 'function') ||
    !(mod.HEAPU8 instanceof Uint8Array) ||
    !(mod.HEAP32 instanceof Int32Array) ||
    Object.keys(BINARY).some((k) => typeof mod[`_${k}`] !== 'function')
  )
    return false;
  const original = mod.cwrap;
  mod.cwrap = leanCwrap(mod, original);
  try {
    for (const k of tf.getKernelsForBackend('wasm')) k.setupFunc?.(backend as unknown as tf.KernelBackend);
  } finally {
    mod.cwrap = original;
  }
  for (const [name, dtype] of Object.entries(BINARY)) replaceKernel(binaryKernel(name, dtype), backend);
  replaceKernel(fusedMatMulKernel(), backend);
  for (const name of ['Identity', 'Cast'] as const) {
    const kernel = tf.getKernel(name, 'wasm');
    if (kernel) replaceKernel(shareKernel(name, kernel), backend);
  }
  backend[MARK] = true;
  return true;
}
