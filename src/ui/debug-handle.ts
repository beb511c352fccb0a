// `window.__jepa`: a read-mostly handle for end-to-end tests and for poking at the app from the
// devtools console. Nothing in the app uses it, and a person never needs it.
//
//   __jepa.snapshot()            the world as drawn (WorldSnapshot)
//   __jepa.info()                the latest StepInfo
//   __jepa.settings()            the settings in force (the ones in the link)
//   __jepa.stats()               episodes, successes, steps, paused, speed, file scenario name
//   __jepa.setPaused(true)       freeze the simulation (the view keeps drawing)
//   __jepa.worldToClient({x, y}) where a world point is on the page, in CSS pixels (for mouse events)
//   __jepa.pixelsAt([{x, y}])    RGB of the next rendered frame at world points

import { toScreen } from '../view/arena-transform';
import type { ViewHandle } from '../view/create-game';
import type { PixelProbe } from '../view/pixel-probe';
import type { StepInfo, Vec2, WorldSnapshot } from '../world/types';
import type { Settings } from './settings';
import type { SimDriver } from './sim-driver';

export interface DebugStats {
  episodesDone: number;
  successes: number;
  totalSteps: number;
  paused: boolean;
  speed: string;
  customScenario: string | null;
}

export interface JepaDebugHandle {
  snapshot(): WorldSnapshot;
  info(): StepInfo;
  settings(): Settings;
  stats(): DebugStats;
  setPaused(paused: boolean): void;
  worldToClient(p: Vec2): Vec2;
  pixelsAt(points: Vec2[]): Promise<[number, number, number][]>;
}

declare global {
  interface Window {
    __jepa?: JepaDebugHandle;
  }
}

export interface DebugDeps {
  driver: SimDriver;
  view: ViewHandle;
  probe: PixelProbe;
  settings(): Settings;
  customScenario(): string | null;
}

export function installDebugHandle(win: Window, deps: DebugDeps): void {
  const { driver, view, probe } = deps;
  const transform = () => {
    const t = view.scene.arenaTransform;
    if (!t) throw new Error('__jepa: the view has not drawn a frame yet');
    return t;
  };
  win.__jepa = {
    snapshot: () => driver.snapshot(),
    info: () => driver.info,
    settings: deps.settings,
    stats: () => ({
      episodesDone: driver.episodesDone,
      successes: driver.successes,
      totalSteps: driver.totalSteps,
      paused: driver.paused,
      speed: driver.speed,
      customScenario: deps.customScenario(),
    }),
    setPaused: (paused) => {
      driver.paused = paused;
    },
    worldToClient: (p) => {
      const s = toScreen(transform(), p);
      const canvas = view.game.canvas;
      const box = canvas.getBoundingClientRect();
      return {
        x: box.left + (s.x * box.width) / canvas.width,
        y: box.top + (s.y * box.height) / canvas.height,
      };
    },
    pixelsAt: async (points) => {
      const image = await probe.capture();
      const t = transform();
      return points.map((p) => {
        const s = toScreen(t, p);
        const x = Math.min(image.width - 1, Math.max(0, Math.round(s.x)));
        const y = Math.min(image.height - 1, Math.max(0, Math.round(s.y)));
        const i = (y * image.width + x) * 4;
        return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
      });
    },
  };
}
