// Names and report types of tfjs backend selection. No tfjs import: the page reads these through
// workers/agent-api.ts without pulling tfjs into its bundle.

/** tfjs backends in order of preference: the order used for tie-breaks and in every report. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}

/** What happened to one backend while choosing. Exactly one entry per backend, in BACKEND_NAMES order. */
export type BackendOutcome =
  | { backend: BackendName; status: 'chosen'; ms?: number; software?: string }
  /** Not registered or not offered by this host (no navigator.gpu, no adapter, no OffscreenCanvas...). */
  | { backend: BackendName; status: 'unavailable'; reason: string }
  /** Registered but setBackend or the calibration threw. */
  | { backend: BackendName; status: 'failed'; reason: string }
  /** Started and measured, but lost to the chosen backend. */
  | { backend: BackendName; status: 'slower'; ms: number; chosenMs: number; software?: string }
  /** Not tried, e.g. because an override named another backend. */
  | { backend: BackendName; status: 'skipped'; reason: string };

export interface BackendReport {
  chosen: BackendName;
  /** override: the caller asked for it and it started; calibration: measured fastest. */
  how: 'override' | 'calibration';
  /** Set when an override was requested but could not start, so calibration chose instead. */
  overrideError?: string;
  outcomes: BackendOutcome[];
  /** The calibration workload in words, so the numbers can be read. */
  workload: string;
  /**
   * Whether dataSync works on the chosen backend. Training reads back asynchronously and works either
   * way; planning (src/agent/plan, agent.ts) reads synchronously and needs it. Calibration only picks
   * backends that have it; an override may select one that does not (WebGPU in a worker).
   */
  syncReadback: boolean;
  /** Why syncReadback is false: what was measured, or why it was not probed. */
  syncReadbackNote?: string;
  /** Wall time spent choosing (starting backends and calibrating), ms. */
  totalMs: number;
  /** One line per backend, for a status panel or a log. */
  summary: string;
}

/**
 * A GPU backend stopped working after it was chosen; the agent must be restarted (respawn the worker).
 * reason 'gpu-error': WebGPU refused a pipeline or buffer (an uncaptured validation error); the
 * results of that command batch are silently zero, so training on it is not trusted.
 */
export interface DeviceLost {
  backend: BackendName;
  reason: string;
  message: string;
}
