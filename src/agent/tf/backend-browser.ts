// Starts tfjs in a browser (the agent worker): registers webgpu, webgl, wasm and cpu, then either starts
// the backend the page asked for or times each one on a short calibration workload and keeps the
// fastest (rule in backend-choice.ts). The report says, for every backend, why it was or was not chosen.
// Losing GPU backends are removed so their device or context is released.
import { tf } from './core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { CALIBRATION_WORKLOAD, calibrateCurrentBackend } from './backend-calibrate';
import { chooseBackend, summarise, type TrialResult, type Trials } from './backend-choice';
import { BACKEND_NAMES, type BackendName, type BackendReport, type DeviceLost } from './backend-report';
import { fastWasmCalls } from './wasm-calls';
import { setBundledWasmPaths } from './wasm-paths';

export interface BrowserBackendOptions {
  override?: BackendName;
  onDeviceLost?: (lost: DeviceLost) => void;
  /**
   * Called before each step that may block the thread (starting a backend, a calibration run), with
   * how long it may take: the worker forwards it to its heartbeat (workers/liveness.ts).
   */
  expectSilence?: (ms: number) => void;
  /**
   * Only a backend with a working dataSync may win calibration (the planner reads synchronously).
   * An override is started either way; the report's syncReadback says whether planning can run on it.
   */
  requireSyncReadback?: boolean;
  /**
   * Also time software GPUs (SwiftShader WebGPU/WebGL). Off by default: their shader compilation
   * alone takes seconds, and measured here they are 10-70x slower than wasm (docs/ARCHITECTURE.md).
   */
  calibrateSoftware?: boolean;
}

/** Starting a GPU backend or its first kernels can block for seconds (shader compilation). */
const SLOW_START_MS = 30_000;

/** Measurement order: cheap-to-start and likely-fast first, so the rest can stop early once clearly slower. */
const CALIBRATION_ORDER: readonly BackendName[] = ['wasm', 'webgl', 'webgpu', 'cpu'];

// Minimal structural types: the DOM lib's WebGPU types vary across TypeScript versions.
interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}
interface GpuDeviceLike {
  lost: Promise<{ reason: string; message: string }>;
  addEventListener?(type: 'uncapturederror', listener: (e: { error?: { message?: string } }) => void): void;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i;

let wasmConfigured = false;
function configureWasm(): void {
  if (wasmConfigured) return;
  // The threaded build hangs in a Vite bundle under COOP/COEP here (shared/FIELD-NOTES.md): single thread.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setBundledWasmPaths();
  wasmConfigured = true;
}

/** Why a backend cannot be offered here, or null if it is worth trying. Also names a software WebGPU adapter. */
async function probe(backend: BackendName): Promise<{ unavailable: string } | { software?: string }> {
  switch (backend) {
    case 'webgpu': {
      const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
      if (!gpu) return { unavailable: 'navigator.gpu is missing (WebGPU not exposed by this browser)' };
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) return { unavailable: 'navigator.gpu.requestAdapter() returned no adapter' };
      const info = adapter.info ?? {};
      const fallback = adapter.isFallbackAdapter ?? info.isFallbackAdapter ?? false;
      const words = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
      if (fallback || SOFTWARE_RENDERER.test(words)) {
        return {
          software: `${fallback ? 'fallback adapter' : 'software adapter'}${words ? `: ${words}` : ''}`,
        };
      }
      return {};
    }
    case 'webgl':
      if (typeof OffscreenCanvas === 'undefined' && typeof document === 'undefined') {
        return { unavailable: 'no OffscreenCanvas in this worker' };
      }
      return {};
    default:
      return {};
  }
}

/** tf.setBackend, with the reason tfjs only logs (console.warn) when a backend fails to start. */
async function start(backend: BackendName): Promise<string | null> {
  if (backend === 'wasm') configureWasm();
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  try {
    const ok = await tf.setBackend(backend);
    if (ok) {
      await tf.ready();
      // Leaner glue around the wasm kernels (wasm-calls.ts); a build it does not recognise keeps tfjs's own.
      if (backend === 'wasm' && !fastWasmCalls()) console.warn('tfjs wasm: lean kernel calls not installed');
      return null;
    }
    return (
      warnings.filter((w) => !w.startsWith('Initialization of backend')).join(' ') ||
      'tf.setBackend returned false'
    );
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    console.warn = warn;
  }
}

function isGpu(backend: BackendName): boolean {
  return backend === 'webgpu' || backend === 'webgl';
}

/** The renderer behind tfjs's WebGL context, when it is a software one (SwiftShader, llvmpipe). */
function webglSoftwareRenderer(): string | undefined {
  try {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
    if (!gl) return undefined;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    return SOFTWARE_RENDERER.test(renderer) ? renderer : undefined;
  } catch {
    return undefined;
  }
}

/**
 * WebGPU's dataSync is not even probed: measured on SwiftShader in a worker (Chromium 156) it returns
 * zeros and leaves the device unusable ("A valid external Instance reference no longer exists"), and
 * there is no way to undo a probe that breaks the device. Asynchronous read-back (tensor.data()) works.
 */
const WEBGPU_NO_SYNC =
  'synchronous read-back (dataSync) not probed on webgpu: in a worker it returns zeros and breaks the device';

/**
 * Whether dataSync returns what the backend computed: null if it does, else what went wrong. Never
 * called on webgpu (see WEBGPU_NO_SYNC); CPU backends read their own memory.
 */
function syncReadbackProblem(backend: BackendName): string | null {
  if (backend === 'webgpu') return WEBGPU_NO_SYNC;
  if (!isGpu(backend)) return null;
  const t = tf.tidy(() => tf.add(tf.matMul(tf.ones([64, 64]), tf.ones([64, 64])), 1));
  try {
    const v = t.dataSync()[0];
    return v === 65 ? null : `synchronous read-back (dataSync) returned ${v} instead of 65`;
  } catch (e) {
    return `synchronous read-back (dataSync) threw: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    t.dispose();
  }
}

/**
 * Whether tensor.data() returns what the backend computed (the learner's only read-back in the
 * worker). A backend that fails this would train on garbage: it is refused.
 */
async function asyncReadbackProblem(): Promise<string | null> {
  const t = tf.tidy(() => tf.add(tf.matMul(tf.ones([64, 64]), tf.ones([64, 64])), 1));
  try {
    const v = (await t.data())[0];
    return v === 65 ? null : `asynchronous read-back (data()) returned ${v} instead of 65`;
  } catch (e) {
    return `asynchronous read-back (data()) threw: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    t.dispose();
  }
}

async function trial(
  backend: BackendName,
  rivalMs: number | undefined,
  expectSilence: (ms: number) => void,
  options: BrowserBackendOptions,
): Promise<TrialResult> {
  const probed = await probe(backend).catch((e: unknown) => ({
    unavailable: `probe failed: ${e instanceof Error ? e.message : String(e)}`,
  }));
  if ('unavailable' in probed) return { kind: 'unavailable', reason: probed.unavailable };
  const skipSoftware = (what: string): TrialResult => ({
    kind: 'skipped',
    reason: `software adapter (${what}): not calibrated, software GPUs are far slower than wasm here`,
  });
  if (probed.software && !options.calibrateSoftware) return skipSoftware(probed.software);
  expectSilence(SLOW_START_MS);
  const failure = await start(backend);
  if (failure !== null) return { kind: 'failed', reason: failure };
  const software = backend === 'webgl' ? webglSoftwareRenderer() : probed.software;
  if (software && !options.calibrateSoftware) return skipSoftware(software);
  // Warm-up compiles shaders; a timed rep of this small workload stays well under a second.
  const beforeRun = (warmup: boolean) => expectSilence(warmup ? SLOW_START_MS : 10_000);
  try {
    const c = await calibrateCurrentBackend({ ...(rivalMs === undefined ? {} : { rivalMs }), beforeRun });
    const readback = options.requireSyncReadback ? syncReadbackProblem(backend) : null;
    if (readback)
      return { kind: 'failed', reason: `${readback}; planning needs it (${c.ms.toFixed(1)} ms/rep)` };
    return { kind: 'measured', ms: c.ms, ...(software ? { software } : {}) };
  } catch (e) {
    return { kind: 'failed', reason: `calibration threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Starts the backend for the agent and reports the choice. Throws only if no backend can run at all. */
export async function startBrowserBackend(options: BrowserBackendOptions = {}): Promise<BackendReport> {
  const t0 = performance.now();
  const trials: Trials = {};
  let overrideError: string | undefined;

  if (options.override) {
    const probed = await probe(options.override).catch((e: unknown) => ({
      unavailable: e instanceof Error ? e.message : String(e),
    }));
    options.expectSilence?.(SLOW_START_MS);
    let failure = 'unavailable' in probed ? probed.unavailable : await start(options.override);
    if (failure === null) failure = await asyncReadbackProblem();
    if (failure === null) {
      const chosen = options.override;
      const outcomes = BACKEND_NAMES.map((backend) =>
        backend === chosen
          ? {
              backend,
              status: 'chosen' as const,
              ...('software' in probed && probed.software ? { software: probed.software } : {}),
            }
          : { backend, status: 'skipped' as const, reason: `override backend=${chosen}` },
      );
      return finish(chosen, 'override', outcomes, t0, options, undefined);
    }
    overrideError = `override backend=${options.override} could not start: ${failure}`;
    trials[options.override] = { kind: 'failed', reason: failure };
  }

  let best: number | undefined;
  for (const backend of CALIBRATION_ORDER) {
    if (trials[backend]) continue;
    const result = await trial(backend, best, options.expectSilence ?? (() => {}), options);
    trials[backend] = result;
    if (result.kind === 'measured' && (best === undefined || result.ms < best)) best = result.ms;
  }
  const { chosen, outcomes } = chooseBackend(trials);
  options.expectSilence?.(SLOW_START_MS);
  const failure = await start(chosen);
  if (failure !== null)
    throw new Error(`backend ${chosen} won the calibration but failed to restart: ${failure}`);
  return finish(chosen, 'calibration', outcomes, t0, options, overrideError);
}

function finish(
  chosen: BackendName,
  how: BackendReport['how'],
  outcomes: BackendReport['outcomes'],
  t0: number,
  options: BrowserBackendOptions,
  overrideError: string | undefined,
): BackendReport {
  // cpu stays: it is cheap and tfjs falls back to it. (findBackend would initialise what it finds.)
  for (const name of ['webgpu', 'webgl', 'wasm'] as const) {
    if (name !== chosen && name in tf.engine().registryFactory) tf.removeBackend(name);
  }
  watchDeviceLoss(chosen, options.onDeviceLost);
  // Calibration already refused a winner without it; this names the override's case in the report.
  const readback = syncReadbackProblem(chosen);
  return {
    chosen,
    how,
    syncReadback: readback === null,
    ...(readback ? { syncReadbackNote: readback } : {}),
    ...(overrideError ? { overrideError } : {}),
    outcomes,
    workload: CALIBRATION_WORKLOAD,
    totalMs: performance.now() - t0,
    summary: summarise(outcomes),
  };
}

/** tfjs has no device-loss handling: report it, since every later kernel would fail or return garbage. */
function watchDeviceLoss(chosen: BackendName, onDeviceLost: BrowserBackendOptions['onDeviceLost']): void {
  if (!onDeviceLost) return;
  const backend = tf.backend() as unknown as {
    device?: GpuDeviceLike;
    gpgpu?: { gl?: WebGLRenderingContext };
  };
  if (chosen === 'webgpu' && backend.device) {
    backend.device.lost.then((info) =>
      onDeviceLost({ backend: 'webgpu', reason: info.reason, message: info.message }),
    );
    // A shader or buffer WebGPU refuses does not throw: its output silently stays zero. Say so.
    let reported = 0;
    backend.device.addEventListener?.('uncapturederror', (e) => {
      if (reported++ < 3)
        onDeviceLost({ backend: 'webgpu', reason: 'gpu-error', message: e.error?.message ?? String(e) });
    });
  }
  const canvas = chosen === 'webgl' ? backend.gpgpu?.gl?.canvas : undefined;
  if (canvas && 'addEventListener' in canvas) {
    canvas.addEventListener('webglcontextlost', () =>
      onDeviceLost({ backend: 'webgl', reason: 'context-lost', message: 'the WebGL context was lost' }),
    );
  }
}
