// Keeps the agent alive across faults. It autosaves the worker's weights to IndexedDB (every few
// seconds of the `autosave` setting and after every AUTOSAVE_EVERY_STEPS training steps), and when the
// worker dies or its GPU device is lost it says so at once, starts a new worker on the next backend in
// the fallback order, restores the last autosave (or the shipped checkpoint) and replays the page's
// settings. The world is the page's and is never touched: it keeps running, keys drive meanwhile.
import type { BackendName } from '../../workers/agent-api';
import type { SettingsCall } from './agent-client';
import type { AgentController, AgentStartOptions } from './agent-controller';
import { loadCheckpointLocal, saveCheckpointLocal } from './agent-store';
import type { Messages } from './messages';

/** Fastest first; after a fault the next one after the failed backend is tried. */
export const FALLBACK_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** Also autosave after this many training steps, whatever the interval. */
export const AUTOSAVE_EVERY_STEPS = 500;
/** More restarts than this within RESTART_WINDOW_MS means something is wrong beyond one backend. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 60_000;
const TICK_MS = 1000;

export interface AgentFault {
  kind: 'worker-died' | 'device-lost';
  /** The backend the dead worker ran on (null: it died before choosing one). */
  backend: BackendName | null;
  reason: string;
  /** The settings calls the dead worker had accepted, to replay on the new one. */
  settings: SettingsCall[];
}

export interface AutosaveRecord {
  at: number;
  key: string;
  checksum: string;
  trainSteps: number;
  bytes: number;
}

export interface RestartRecord {
  at: number;
  kind: AgentFault['kind'];
  from: BackendName | null;
  to: BackendName;
  reason: string;
  /** 'autosave' or 'shipped checkpoint'. */
  weights: string;
  /** Fault noticed to message shown, ms (the message goes up before the new worker starts). */
  noticedMs: number;
}

/** The backend after `failed` in FALLBACK_ORDER that has not failed yet; null when none is left. */
export function nextBackend(
  failed: BackendName | null,
  failedBefore: ReadonlySet<BackendName>,
): BackendName | null {
  const from = failed === null ? 0 : FALLBACK_ORDER.indexOf(failed) + 1;
  return FALLBACK_ORDER.slice(from).find((b) => b !== failed && !failedBefore.has(b)) ?? null;
}

/**
 * FNV-1a over a checkpoint's tensor bytes only (its header holds the backend and step count), so
 * the same weights give the same checksum whichever worker wrote them. Layout: src/agent/checkpoint/format.ts.
 */
export function weightsChecksum(checkpoint: Uint8Array): string {
  if (checkpoint.length < 16)
    throw new Error(`weightsChecksum: ${checkpoint.length} bytes is not a checkpoint`);
  const view = new DataView(checkpoint.buffer, checkpoint.byteOffset, checkpoint.byteLength);
  const start = (16 + view.getUint32(12, true) + 3) & ~3;
  if (start > checkpoint.length)
    throw new Error('weightsChecksum: the checkpoint is truncated inside its header');
  let h = 0x811c9dc5;
  for (let i = start; i < checkpoint.length; i++) {
    h ^= checkpoint[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export interface SupervisorDeps {
  win: Window;
  controller: AgentController;
  messages: Messages;
  /** Null where the browser has none (private windows of some browsers): restarts use the shipped weights. */
  idb: IDBFactory | null;
  /** Start options from the settings in force now (scenario, seed, planner, cost, learn, practice). */
  options(): AgentStartOptions;
  /** The autosave setting, seconds; 0 turns autosaving off. */
  autosaveSeconds(): number;
}

export class AgentSupervisor {
  lastAutosave: AutosaveRecord | null = null;
  readonly restarts: RestartRecord[] = [];
  private readonly failed = new Set<BackendName>();
  private timer: number | null = null;
  private saving = false;
  private recovering = false;
  private pending: AgentFault | null = null;
  private lastSaveAt = 0;
  private stepsAtSave = 0;

  constructor(private readonly deps: SupervisorDeps) {}

  start(): void {
    this.lastSaveAt = performance.now();
    this.timer = this.deps.win.setInterval(() => void this.tick(), TICK_MS);
  }

  stop(): void {
    if (this.timer !== null) this.deps.win.clearInterval(this.timer);
    this.timer = null;
  }

  /** Saves now (also the autosave timer's work); resolves false when there was nothing to save. */
  async autosave(): Promise<boolean> {
    const { controller, idb } = this.deps;
    if (!idb || this.saving || this.recovering || controller.state !== 'running') return false;
    this.saving = true;
    try {
      const trainSteps = controller.status?.trainSteps ?? 0;
      const bytes = await controller.saveCheckpoint();
      const key = autosaveKey(this.deps.options().scenario);
      await saveCheckpointLocal(idb, key, bytes);
      this.lastAutosave = {
        at: Date.now(),
        key,
        checksum: weightsChecksum(bytes),
        trainSteps,
        bytes: bytes.length,
      };
      this.stepsAtSave = trainSteps;
      this.deps.messages.dismiss('agent-autosave');
      return true;
    } catch (e) {
      // A dead worker is the recovery's business; anything else (quota, a closed database) is said.
      if (controller.state === 'running')
        this.warnAutosave('The agent could not be autosaved; it keeps running', e);
      return false;
    } finally {
      this.lastSaveAt = performance.now();
      this.saving = false;
    }
  }

  /** Called by the controller the moment it sees the fault. */
  async recover(fault: AgentFault): Promise<void> {
    if (this.recovering) {
      // The new worker died while starting: handled once this start has given up.
      this.pending = fault;
      return;
    }
    this.recovering = true;
    const noticed = performance.now();
    const { messages, controller } = this.deps;
    if (fault.backend) this.failed.add(fault.backend);
    const what =
      fault.kind === 'device-lost'
        ? `The ${fault.backend ?? 'GPU'} device was lost`
        : `The agent worker died${fault.backend ? ` on ${fault.backend}` : ''}`;
    const recent = this.restarts.filter((r) => r.at > Date.now() - RESTART_WINDOW_MS).length;
    const next = nextBackend(fault.backend, this.failed);
    if (!next || recent >= MAX_RESTARTS) {
      controller.giveUp();
      messages.show({
        key: 'agent',
        kind: 'error',
        title: 'The agent stopped working; the keys still drive',
        lines: [
          `${what}: ${fault.reason}`,
          next
            ? `${recent} restarts in the last minute: not restarting again.`
            : 'No other backend is left to try.',
          'Reload the page to start a new agent.',
        ],
      });
      this.recovering = false;
      return;
    }
    const saved = this.lastAutosave;
    const weights = saved
      ? `the weights autosaved ${Math.round((Date.now() - saved.at) / 1000)} s ago`
      : 'the shipped checkpoint (nothing autosaved yet)';
    messages.show({
      key: 'agent-recovery',
      kind: 'warning',
      title: `${what}; restarting the agent on ${next}`,
      lines: [fault.reason, `Restoring ${weights}; the world and your settings are kept.`],
    });
    this.restarts.push({
      at: Date.now(),
      kind: fault.kind,
      from: fault.backend,
      to: next,
      reason: fault.reason,
      weights: saved ? 'autosave' : 'shipped checkpoint',
      noticedMs: performance.now() - noticed,
    });
    try {
      const restore = saved ? await this.readAutosave(saved) : null;
      await controller.start({
        ...this.deps.options(),
        backend: next,
        ...(restore ? { restore: { bytes: restore, from: `autosave (${saved!.checksum})` } } : {}),
        replay: fault.settings,
      });
    } finally {
      this.recovering = false;
      this.lastSaveAt = performance.now();
      // The new worker counts its training steps from zero.
      this.stepsAtSave = 0;
    }
    const pending = this.pending;
    this.pending = null;
    if (pending) return this.recover(pending);
    if (controller.state !== 'running') return;
    const verified = saved && controller.stats.weightsChecksum === saved.checksum;
    messages.show({
      key: 'agent-recovery',
      kind: saved && !verified ? 'warning' : 'info',
      autoDismissMs: 15_000,
      title: `The agent runs again on ${controller.report?.chosen ?? next}`,
      lines: [
        `${what}: ${fault.reason}`,
        saved
          ? verified
            ? `Weights restored from the autosave (checksum ${saved.checksum}, ${saved.trainSteps} training steps).`
            : `The restored weights' checksum ${controller.stats.weightsChecksum} differs from the autosave's ${saved.checksum}.`
          : 'Weights: the shipped checkpoint (nothing had been autosaved yet).',
        'World and settings kept; planning resumed.',
      ],
    });
  }

  private async readAutosave(saved: AutosaveRecord): Promise<Uint8Array | null> {
    try {
      return this.deps.idb ? await loadCheckpointLocal(this.deps.idb, saved.key) : null;
    } catch (e) {
      this.warnAutosave('The autosave could not be read; the agent restarts from the shipped checkpoint', e);
      return null;
    }
  }

  private warnAutosave(title: string, e: unknown): void {
    this.deps.messages.show({ key: 'agent-autosave', kind: 'warning', title, lines: [(e as Error).message] });
  }

  private async tick(): Promise<void> {
    const seconds = this.deps.autosaveSeconds();
    if (seconds <= 0) return;
    const steps = this.deps.controller.status?.trainSteps ?? 0;
    const due =
      performance.now() - this.lastSaveAt >= seconds * 1000 ||
      steps - this.stepsAtSave >= AUTOSAVE_EVERY_STEPS;
    if (due) await this.autosave();
  }
}

/** One autosave per scenario, apart from the checkpoint a person keeps by hand (key = scenario). */
export function autosaveKey(scenario: string): string {
  return `autosave:${scenario}`;
}
