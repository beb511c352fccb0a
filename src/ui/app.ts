// The app's glue: settings (from the link) -> sim driver -> view, with the panels, the keyboard
// and the link kept in step. Every failure goes to the message stack; the last good state stays.
import Phaser from 'phaser';
import { createGame, type ViewHandle, webglAvailable } from '../view/create-game';
import { PixelProbe } from '../view/pixel-probe';
import { builtinScenario, type Scenario } from '../world';
import { ControlsPanel } from './controls-panel';
import { installDebugHandle } from './debug-handle';
import { byId } from './dom';
import { EpisodePanel } from './episode-panel';
import { type HashRead, HashSync } from './hash-sync';
import { HelpOverlay } from './help-overlay';
import { bindKeyboard } from './keyboard';
import { Messages } from './messages';
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
  private readonly help: HelpOverlay;
  private readonly controls: ControlsPanel;
  private readonly status: StatusBar;
  private readonly episode: EpisodePanel;
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
    this.hash.write(this.settings);
    this.refreshPanels(true);
  }

  async start(): Promise<void> {
    const stage = byId('game');
    if (!webglAvailable()) {
      this.messages.show({
        key: 'webgl',
        kind: 'error',
        title: 'WebGL is not available',
        lines: [
          'The world view needs WebGL, and this browser did not provide a WebGL context.',
          'Enable hardware acceleration, or try a current Chrome, Edge or Firefox.',
        ],
      });
      return;
    }
    const view = await createGame(stage, this.driver);
    this.view = view;
    const { game } = view;
    // Real elapsed time from the frame timestamps: Phaser's own delta is smoothed and clamped to
    // 1/60 s while the page lacks focus, which would run "real time" slow on a busy machine.
    let lastTime = Number.NaN;
    game.events.on(Phaser.Core.Events.PRE_STEP, (time: number) => {
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
    game.renderer.on(Phaser.Renderer.Events.LOSE_WEBGL, () =>
      this.messages.show({
        key: 'webgl-lost',
        kind: 'warning',
        title: 'The graphics context was lost',
        lines: ['The simulation keeps running; the view comes back when the browser restores WebGL.'],
      }),
    );
    game.renderer.on(Phaser.Renderer.Events.RESTORE_WEBGL, () => this.messages.dismiss('webgl-lost'));
    installDebugHandle(this.win, {
      driver: this.driver,
      view,
      probe: new PixelProbe(game),
      settings: () => ({ ...this.settings }),
      customScenario: () => this.customScenario?.name ?? null,
    });
  }

  /** A change from a control: applied, then written to the link. */
  change<K extends SettingKey>(key: K, value: Settings[K]): void {
    this.apply({ ...this.settings, [key]: value });
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
    const worldChanged = next.scenario !== prev.scenario || next.seed !== prev.seed;
    if (worldChanged) {
      const custom = next.scenario === prev.scenario ? this.customScenario : null;
      try {
        this.driver.load(custom ?? builtinScenario(next.scenario), next.seed);
        this.customScenario = custom;
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
    this.driver.speed = next.speed;
    this.driver.trailLength = next.trail;
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
    this.episode.update(d.info, d.manualControl ? 'keyboard' : 'no agent yet (keys drive)');
  }
}
