// The app's glue: settings (from the link) -> sim driver -> view, with the panels, the keyboard
// and the link kept in step. Every failure goes to the message stack; the last good state stays.
import Phaser from 'phaser';
import type { CostPatch, PlannerSettings } from '../../workers/agent-api';
import { createGame, type ViewHandle } from '../view/create-game';
import { timeImagination } from '../view/imagination-bench';
import { PixelProbe } from '../view/pixel-probe';
import { chooseRenderer } from '../view/renderer-choice';
import { probeWebgl } from '../view/webgl-probe';
import { builtinScenario, type Scenario } from '../world';
import { AgentController, type AgentStartOptions, type AgentStats } from './agent-controller';
import { AgentSupervisor } from './agent-supervisor';
import { BackendBadge } from './backend-badge';
import { ChartsDock } from './charts/charts-dock';
import { CheckpointFiles } from './checkpoint-files';
import { ControlsPanel } from './controls-panel';
import { CostPanel } from './cost-panel';
import { COST_KEYS, costPatchesOf, costValuesOf, FORMULA_KEYS, formulaSpecsOf } from './cost-panel-model';
import { CostOverlays } from './cost-panel-overlays';
import { COST_VALUE_KEYS, matchPreset } from './cost-presets';
import { CRITIC_DEFAULTS } from './critic-defaults';
import { installDebugHandle, type JepaDebugHandle } from './debug-handle';
import { byId } from './dom';
import { EpisodePanel } from './episode-panel';
import { type HashRead, HashSync } from './hash-sync';
import { HelpOverlay } from './help-overlay';
import { bindKeyboard } from './keyboard';
import { LearningPanel } from './learning-panel';
import { Messages } from './messages';
import { ModelActions } from './model-actions';
import { type PlannerKey, PlannerPanel } from './planner-panel';
import { type RecorderDebug, RecordingController } from './recorder/recording-controller';
import { readScenarioFile } from './scenario-file';
import type { SettingKey, Settings } from './settings';
import type { Command } from './shortcuts';
import { SimDriver } from './sim-driver';
import { StatusBar } from './status-bar';

/** Panels refresh this often; the canvas itself redraws every frame. */
const PANEL_REFRESH_MS = 200;
const RATE_WINDOW_MS = 1000;

export class App {
  private settings: Settings;
  private customScenario: Scenario | null = null;
  private readonly driver: SimDriver;
  private readonly hash: HashSync;
  private readonly messages: Messages;
  private readonly recording: RecordingController;
  private readonly help: HelpOverlay;
  private readonly controls: ControlsPanel;
  private readonly status: StatusBar;
  private readonly episode: EpisodePanel;
  private readonly agent: AgentController;
  private readonly supervisor: AgentSupervisor;
  private readonly badge: BackendBadge;
  private readonly plannerPanel: PlannerPanel;
  private readonly costPanel: CostPanel;
  private costOverlays: CostOverlays | null = null;
  private readonly learningPanel: LearningPanel;
  private readonly models: ModelActions;
  private readonly checkpoints: CheckpointFiles;
  private readonly dock: ChartsDock;
  private view: ViewHandle | null = null;
  private lastPanelRefresh = 0;
  private rateWindowStart = 0;
  private rateWindowSteps = 0;
  private stepsPerSecond = 0;

  constructor(private readonly win: Window) {
    this.messages = new Messages(byId('messages'));
    win.addEventListener('error', (ev) =>
      this.messages.show({
        key: 'uncaught',
        kind: 'error',
        title: 'Something failed',
        lines: [String(ev.message)],
      }),
    );
    win.addEventListener('unhandledrejection', (ev) =>
      this.messages.show({
        key: 'uncaught',
        kind: 'error',
        title: 'Something failed',
        lines: [ev.reason instanceof Error ? ev.reason.message : String(ev.reason)],
      }),
    );
    this.hash = new HashSync(win, (read) => this.applyHash(read));
    const first = this.hash.read();
    this.settings = first.values;
    this.reportHashProblems(first.problems);
    this.driver = new SimDriver({
      scenario: builtinScenario(this.settings.scenario),
      seed: this.settings.seed,
      trailLength: this.settings.trail,
    });
    this.driver.speed = this.settings.speed;
    this.driver.onDoorRefused = (id) =>
      this.messages.show({
        key: 'doors',
        kind: 'info',
        title: `Door "${id}" stays open`,
        lines: ['The agent or a box is in the doorway; move it out first.'],
      });

    const side = byId('side');
    this.controls = new ControlsPanel(side, {
      change: (key, value) => this.change(key, value),
      importScenario: (file) => void this.importScenario(file),
      restart: () => this.command('resetEpisode'),
      nextEpisode: () => this.command('nextEpisode'),
      toggleDoors: () => this.command('toggleDoors'),
      togglePause: () => this.command('togglePause'),
      stepOnce: () => this.command('stepOnce'),
    });
    this.episode = new EpisodePanel(side);
    this.agent = new AgentController(win, this.driver, this.messages, {
      changed: () => this.refreshPanels(true),
      fault: (f) => void this.supervisor.recover(f),
    });
    this.agent.setControlRate(this.settings.rate);
    this.models = new ModelActions(win, this.agent, this.messages);
    this.checkpoints = new CheckpointFiles(
      win,
      this.agent,
      this.messages,
      () => this.settings.scenario,
      () => this.refreshPanels(true),
    );
    this.supervisor = new AgentSupervisor({
      win,
      controller: this.agent,
      messages: this.messages,
      idb: win.indexedDB ?? null,
      options: () => this.agentOptions(),
      autosaveSeconds: () => this.settings.autosave,
    });
    this.plannerPanel = new PlannerPanel(side, {
      change: (key, value) => this.change(key, value),
    });
    this.costPanel = new CostPanel(side, { changeMany: (patch) => this.changeMany(patch) });
    this.learningPanel = new LearningPanel(side, {
      setLearning: (on) => this.change('learn', on),
      setPace: (pace) => this.change('pace', pace as Settings['pace']),
      setPractice: (on) => this.change('practice', on),
      download: () => void this.checkpoints.download(),
      upload: (file) => void this.checkpoints.upload(file),
      uploadCritic: (file) => void this.agent.loadCriticFile(file),
      saveLocal: () => void this.checkpoints.keep(),
      restoreLocal: () => void this.checkpoints.restore(),
      pickCheckpoint: (choice) =>
        choice === 'none' ? void this.resetModel() : this.change('ckpt', choice as Settings['ckpt']),
      resetModel: () => void this.resetModel(),
    });
    this.badge = new BackendBadge(byId('backend'));
    this.dock = new ChartsDock(byId('dock'), win);
    this.driver.onEpisodeEnd = (e) => this.dock.episodeEnded(e);
    this.status = new StatusBar(byId('statusbar'));
    this.help = new HelpOverlay(byId('help'));
    byId('help-button').addEventListener('click', (ev) => {
      this.help.toggle();
      if (ev.detail > 0) (ev.currentTarget as HTMLElement).blur();
    });
    bindKeyboard(win, {
      drive: (action) => this.driver.setManualAction(action),
      command: (c) => this.command(c),
    });
    this.recording = new RecordingController(win, side, {
      driver: this.driver,
      messages: this.messages,
      decide: (info, obs) => this.agent.actionFor(info, obs),
      scenarioName: () => this.customScenario?.name ?? this.settings.scenario,
      speed: () => this.settings.speed,
      planCost: () => this.agent.lastAct?.plan?.cost ?? null,
    });
    this.hash.write(this.settings);
    this.refreshPanels(true);
  }

  async start(): Promise<void> {
    const stage = byId('game');
    const drawing = chooseRenderer(this.settings.draw, probeWebgl(this.win.document));
    this.status.setDrawing(drawing);
    const view = await createGame(stage, this.driver, drawing.type);
    this.view = view;
    this.recording.attach(view);
    const { game } = view;
    // Real elapsed time from the frame timestamps: Phaser's own delta is smoothed and clamped to
    // 1/60 s while the page lacks focus, which would run "real time" slow on a busy machine.
    let lastTime = Number.NaN;
    game.events.on(Phaser.Core.Events.PRE_STEP, (time: number) => {
      // Frame-exact recording drives the loop on its own clock; real time restarts from zero after.
      if (this.driver.externalClock) {
        lastTime = Number.NaN;
        return;
      }
      const elapsed = Number.isNaN(lastTime) ? 0 : Math.max(0, time - lastTime);
      lastTime = time;
      try {
        this.driver.advance(elapsed / 1000);
      } catch (e) {
        this.driver.paused = true;
        this.messages.show({
          key: 'sim',
          kind: 'error',
          title: 'The simulation stopped',
          lines: [(e as Error).message, 'Paused. Restart (R) or pick another scenario to continue.'],
        });
      }
    });
    game.events.on(Phaser.Core.Events.POST_STEP, () => this.refreshPanels(false));
    if (drawing.type === 'webgl') {
      game.renderer.on(Phaser.Renderer.Events.LOSE_WEBGL, () =>
        this.messages.show({
          key: 'webgl-lost',
          kind: 'warning',
          title: 'The graphics context was lost',
          lines: ['The simulation keeps running; the view comes back when the browser restores WebGL.'],
        }),
      );
      game.renderer.on(Phaser.Renderer.Events.RESTORE_WEBGL, () => this.messages.dismiss('webgl-lost'));
    }
    installDebugHandle(this.win, {
      driver: this.driver,
      view,
      probe: new PixelProbe(game),
      settings: () => ({ ...this.settings }),
      customScenario: () => this.customScenario?.name ?? null,
    });
    view.scene.setPlanSource(() => this.agent.plan);
    // Test and console hooks: the agent's counters, and a way to break its worker on purpose.
    const handle = this.win.__jepa as
      | (JepaDebugHandle & {
          agent?: () => AgentStats;
          agentFault?: (k: Parameters<AgentController['fault']>[0]) => Promise<void>;
        })
      | undefined;
    if (handle) {
      handle.agent = () => ({ ...this.agent.stats });
      handle.agentFault = (k) => this.agent.fault(k);
      // The worker's last status as the page polled it (learning pace, tensors, training steps).
      (handle as { agentStatus?: () => unknown }).agentStatus = () => this.agent.status;
      // Fault recovery: the last autosave and every restart so far; autosave on demand.
      Object.assign(handle, {
        supervisor: () => ({
          lastAutosave: this.supervisor.lastAutosave,
          restarts: [...this.supervisor.restarts],
        }),
        autosaveNow: () => this.supervisor.autosave(),
      });
      // The dock's charts: drawn points per series, for the e2e test and the console.
      (handle as { charts?: () => { id: string; series: { label: string; points: number }[] }[] }).charts =
        () => this.dock.charts().map((c) => ({ id: c.id, series: c.seriesPoints() }));
      (handle as { predictionCurve?: () => unknown }).predictionCurve = () => this.agent.curve;
      // Ghost-trail drawing cost: ms per redraw of a synthetic K x H plan (the next real plan replaces it).
      (handle as { benchImagination?: (K: number, H: number) => number }).benchImagination = (K, H) => {
        const t = view.scene.arenaTransform;
        if (!t) throw new Error('__jepa.benchImagination: the view has not drawn a frame yet');
        const ms = timeImagination(view.scene.imagination, t, K, H);
        view.scene.bakeImagination();
        return ms;
      };
    }
    (this.win.__jepa as JepaDebugHandle & { recorder?: RecorderDebug }).recorder = this.recording.debug;
    const overlays = new CostOverlays(view, this.agent, this.driver, () => this.settings);
    this.costOverlays = overlays;
    // The cost panel's state for tests and the console: formula verdicts, heat map, chosen plan.
    (this.win.__jepa as JepaDebugHandle & { cost?: () => unknown }).cost = () => ({
      formulas: this.agent.formulaStatus.map((f) => ({ ...f })),
      heatmap: { ...overlays.info },
      plan: chosenPlanOf(this.agent.lastAct?.plan ?? null),
      breakdown: { ...(this.agent.lastAct?.plan?.breakdown ?? {}) },
    });
    this.startAgent();
  }

  /** The agent starts in the background: the world runs (keys drive) while the worker warms up. */
  private startAgent(): void {
    const s = this.settings;
    this.agent.setEnabled(s.agent);
    void this.agent.start(this.agentOptions());
    this.supervisor.start();
  }

  /** The agent's start options from the settings in force (also for a restart after a fault). */
  private agentOptions(): AgentStartOptions {
    const s = this.settings;
    return {
      ...(s.backend !== 'auto' ? { backend: s.backend } : {}),
      seed: s.seed,
      scenario: s.scenario,
      checkpoint: s.ckpt,
      learn: s.learn,
      pace: Number(s.pace),
      practice: s.practice,
      planner: plannerOf(s),
      cost: costOf(s),
      formulas: formulaSpecsOf(s),
    };
  }

  /** Applies the agent rows that changed; a refusal is shown and that row goes back to its last good value. */
  private async applyAgent(prev: Settings, next: Settings): Promise<void> {
    const changed = (keys: readonly SettingKey[]) => keys.some((k) => prev[k] !== next[k]);
    if (prev.agent !== next.agent) this.agent.setEnabled(next.agent);
    if (this.agent.state !== 'running') return;
    if (prev.learn !== next.learn || prev.pace !== next.pace) {
      await this.agent.setLearning(next.learn, Number(next.pace));
    }
    if (prev.practice !== next.practice) await this.agent.setPractice(next.practice, next.scenario);
    const revert = (keys: readonly SettingKey[], title: string, e: unknown) => {
      this.messages.show({
        key: 'agent-settings',
        kind: 'error',
        title,
        lines: [(e as Error).message, 'The previous settings stay in force.'],
      });
      const back = { ...this.settings } as Record<SettingKey, unknown>;
      for (const k of keys) back[k] = prev[k];
      this.settings = back as Settings;
      this.hash.write(this.settings);
      this.refreshPanels(true);
    };
    if (prev.ckpt !== next.ckpt) {
      try {
        if (!(await this.models.apply(next.ckpt, next.scenario))) {
          // A reset typed into the link and declined: the running model and its link stay.
          this.settings = { ...this.settings, ckpt: prev.ckpt };
          this.hash.write(this.settings);
          this.refreshPanels(true);
        }
      } catch (e) {
        revert(['ckpt'], `The checkpoint ${next.ckpt} could not be put in force`, e);
      }
    }
    if (changed(PLANNER_KEYS)) {
      try {
        await this.agent.applyPlanner(plannerOf(next));
      } catch (e) {
        revert(PLANNER_KEYS, 'The planner refused these settings', e);
      }
    }
    if (changed(COST_KEYS)) {
      try {
        await this.agent.applyCost(costOf(next));
      } catch (e) {
        revert(COST_KEYS, 'The cost refused these weights', e);
      }
    }
    if (changed(FORMULA_KEYS)) {
      try {
        await this.agent.applyFormulas(formulaSpecsOf(next));
      } catch (e) {
        revert(FORMULA_KEYS, 'The agent refused these formula terms', e);
      }
    }
  }

  /** After a confirmation: fresh weights in the worker, and ckpt=none in the link (what now runs). */
  private async resetModel(): Promise<void> {
    try {
      if (!(await this.models.confirmAndReset())) {
        this.refreshPanels(true);
        return;
      }
      this.settings = { ...this.settings, ckpt: 'none' };
      this.hash.write(this.settings);
    } catch (e) {
      this.checkpoints.error('The model could not be reset', e);
    }
    this.refreshPanels(true);
  }

  /** A change from a control: applied, then written to the link. */
  change<K extends SettingKey>(key: K, value: Settings[K]): void {
    this.apply({ ...this.settings, [key]: value });
  }

  /** Several rows as one change (a cost preset): one application, one link. */
  changeMany(patch: Partial<Settings>): void {
    this.apply({ ...this.settings, ...patch });
  }

  command(c: Command): void {
    const d = this.driver;
    switch (c) {
      case 'togglePause':
        d.paused = !d.paused;
        break;
      case 'stepOnce':
        d.paused = true;
        this.guard(() => d.stepOnce());
        break;
      case 'resetEpisode':
        this.guard(() => d.restart());
        break;
      case 'nextEpisode':
        this.guard(() => d.nextEpisode());
        break;
      case 'speed1':
        this.change('speed', '1');
        break;
      case 'speed4':
        this.change('speed', '4');
        break;
      case 'speedMax':
        this.change('speed', 'max');
        break;
      case 'toggleDoors':
        this.toggleDoors();
        break;
      case 'toggleHelp':
        this.help.toggle();
        break;
      case 'toggleHeatmap':
        this.change('heatmap', !this.settings.heatmap);
        break;
      case 'toggleRecording':
        this.recording.toggle();
        break;
      case 'closeOverlays':
        if (this.help.visible) this.help.hide();
        else this.messages.dismissAll();
        break;
    }
    this.refreshPanels(true);
  }

  private toggleDoors(): void {
    if (this.driver.snapshot().doors.length === 0) {
      this.messages.show({ key: 'doors', kind: 'info', title: 'This scenario has no doors' });
      return;
    }
    this.driver.toggleAllDoors();
  }

  private apply(next: Settings): void {
    const prev = this.settings;
    // Cost edits from anywhere (planner panel, link) keep the preset row honest: a name or 'custom'.
    if (next.preset === prev.preset && COST_VALUE_KEYS.some((k) => next[k] !== prev[k])) {
      next.preset = matchPreset(costValuesOf(next));
    }
    const worldChanged = next.scenario !== prev.scenario || next.seed !== prev.seed;
    if (worldChanged) {
      const custom = next.scenario === prev.scenario ? this.customScenario : null;
      try {
        this.driver.load(custom ?? builtinScenario(next.scenario), next.seed);
        this.customScenario = custom;
        this.dock.worldChanged();
      } catch (e) {
        this.messages.show({
          key: 'world',
          kind: 'error',
          title: `Could not start ${next.scenario} with seed ${next.seed}`,
          lines: [(e as Error).message, 'The previous world keeps running.'],
        });
        this.refreshPanels(true);
        return;
      }
    }
    this.settings = next;
    void this.applyAgent(prev, next);
    this.driver.speed = next.speed;
    this.driver.trailLength = next.trail;
    this.agent.setControlRate(next.rate);
    this.hash.write(next);
    this.refreshPanels(true);
  }

  private applyHash(read: HashRead): void {
    this.reportHashProblems(read.problems);
    this.apply(read.values);
  }

  private reportHashProblems(problems: string[]): void {
    if (problems.length === 0) {
      this.messages.dismiss('hash');
      return;
    }
    this.messages.show({
      key: 'hash',
      kind: 'warning',
      title: 'Some settings in the link were ignored',
      lines: problems,
    });
  }

  private async importScenario(file: File): Promise<void> {
    const result = await readScenarioFile(file);
    if (!result.ok) {
      this.messages.show({
        key: 'scenario-file',
        kind: 'error',
        title: `${file.name} is not a usable scenario; the current world keeps running`,
        lines: result.errors,
      });
      return;
    }
    try {
      this.driver.load(result.scenario, this.settings.seed);
    } catch (e) {
      this.messages.show({
        key: 'scenario-file',
        kind: 'error',
        title: `${file.name} could not start; the current world keeps running`,
        lines: [(e as Error).message],
      });
      return;
    }
    this.customScenario = result.scenario;
    this.messages.dismiss('scenario-file');
    this.messages.show({
      key: 'scenario-file-ok',
      kind: 'info',
      title: `Loaded "${result.scenario.name}" from ${file.name}`,
      lines: ['A file scenario is not part of the link; sharing the link shares the built-in one.'],
    });
    this.refreshPanels(true);
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.messages.show({
        key: 'sim',
        kind: 'error',
        title: 'That did not work',
        lines: [(e as Error).message],
      });
    }
  }

  private refreshPanels(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastPanelRefresh < PANEL_REFRESH_MS) return;
    this.lastPanelRefresh = now;
    const d = this.driver;
    // Steps per second over whole seconds: at 1x a 200 ms window holds only 2 or 3 steps.
    const rateElapsed = now - this.rateWindowStart;
    if (rateElapsed >= RATE_WINDOW_MS) {
      this.stepsPerSecond = Math.max(0, ((d.totalSteps - this.rateWindowSteps) * 1000) / rateElapsed);
      this.rateWindowStart = now;
      this.rateWindowSteps = d.totalSteps;
    }
    const snap = d.snapshot();
    this.controls.render({
      settings: this.settings,
      paused: d.paused,
      customScenario: this.customScenario?.name ?? null,
      doorCount: snap.doors.length,
    });
    this.status.update({
      scenario: this.customScenario ? `${this.customScenario.name} (file)` : snap.scenario,
      seed: d.seed,
      episode: snap.episode,
      step: snap.step,
      maxSteps: snap.maxSteps,
      successes: d.successes,
      episodesDone: d.episodesDone,
      speed: this.settings.speed,
      paused: d.paused,
      fps: this.view?.game.loop.actualFps ?? 0,
      stepsPerSecond: this.stepsPerSecond,
    });
    this.episode.update(d.info, d.manualControl ? 'keyboard' : this.driverName());
    const a = this.agent;
    this.badge.update(a.state, a.report);
    this.learningPanel.update({
      state: a.state,
      learn: this.settings.learn,
      practice: this.settings.practice,
      status: a.status,
      checkpoint: a.stats.checkpoint,
      choice: this.settings.ckpt,
      plansPerSecond: a.stats.plansPerSecond,
      pace: this.settings.pace,
    });
    const plan = a.lastAct?.plan ?? null;
    this.plannerPanel.update({
      settings: this.settings,
      breakdown: plan ? { ...plan.breakdown, total: plan.cost } : null,
      planMs: plan?.timing.totalMs ?? 0,
    });
    this.costPanel.update({
      settings: this.settings,
      breakdown: plan?.breakdown ?? null,
      formulas: a.formulaStatus,
      heatmapNote: this.costOverlays?.note ?? '',
      trainedCritic: a.status?.criticModel?.kind === 'trained',
    });
    this.dock.update({
      now,
      status: a.status,
      plan,
      curve: a.curve,
      fps: this.view?.game.loop.actualFps ?? 0,
      diagram: {
        status: a.status,
        agentState: a.state,
        mode: this.settings.mode,
        criticOn: this.settings.critic,
        plan: plan ? { cost: plan.cost, breakdown: plan.breakdown, ms: plan.timing.totalMs } : null,
        plansPerSecond: a.stats.plansPerSecond,
        plans: a.stats.plans,
        preset: presetOf(this.settings),
        backend: a.report?.chosen ?? null,
      },
    });
  }

  private driverName(): string {
    if (!this.settings.agent) return 'nobody (agent off; keys drive)';
    switch (this.agent.state) {
      case 'running':
        // Mode-1 acts from its distilled policy without imagining futures; the others plan.
        return this.settings.mode === 'mode1'
          ? 'the agent (Mode-1 policy, no planning)'
          : this.settings.mode === 'mode1+mode2'
            ? 'the agent (planning from its policy’s guess)'
            : 'the agent (planning)';
      case 'starting':
        return 'nobody yet (agent starting; keys drive)';
      default:
        return 'nobody (agent stopped; keys drive)';
    }
  }
}

const PLANNER_KEYS = [
  'mode',
  'K',
  'H',
  'repeat',
  'iters',
  'lr',
  'critic',
] as const satisfies readonly PlannerKey[];

/** The cost preset row, where the settings table has one (the cost panel adds it). */
function presetOf(s: Settings): string | null {
  const p = (s as Partial<Record<string, unknown>>)['preset'];
  return typeof p === 'string' ? p : null;
}

function plannerOf(s: Settings): PlannerSettings {
  return {
    mode: s.mode,
    candidates: s.K,
    horizon: s.H,
    actionRepeat: s.repeat,
    iterations: s.iters,
    lr: s.lr,
    critic: s.critic,
    criticWeight: CRITIC_DEFAULTS.criticWeight,
  };
}

function costOf(s: Settings): Record<string, CostPatch> {
  return costPatchesOf(s);
}

/** The chosen plan's imagined positions as plain numbers (for the debug handle). */
function chosenPlanOf(plan: { K: number; H: number; chosen: number; trajectories: Float32Array } | null) {
  if (!plan) return null;
  const steps = plan.H + 1;
  const o = plan.chosen * steps * 2;
  return { K: plan.K, H: plan.H, points: Array.from(plan.trajectories.subarray(o, o + steps * 2)) };
}
