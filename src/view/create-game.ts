// The game config: the one place that names the scene and the renderer settings.
import Phaser from 'phaser';
import { PALETTE } from './palette';
import type { RendererType } from './renderer-choice';
import type { ViewHost } from './view-host';
import { WorldScene } from './world-scene';

export interface ViewHandle {
  game: Phaser.Game;
  scene: WorldScene;
}

/**
 * Starts Phaser in `parent`, sized to it, drawing with `renderer` (src/view/renderer-choice.ts says
 * which and why). Resolves once the scene is running.
 */
export function createGame(parent: HTMLElement, host: ViewHost, renderer: RendererType): Promise<ViewHandle> {
  const scene = new WorldScene(host);
  const game = new Phaser.Game({
    // Never AUTO: it would switch renderer silently; the page decides and says why.
    type: renderer === 'webgl' ? Phaser.WEBGL : Phaser.CANVAS,
    parent,
    backgroundColor: PALETTE.background,
    banner: false,
    disableContextMenu: true,
    scale: { mode: Phaser.Scale.RESIZE, width: '100%', height: '100%' },
    // Keyboard is read by the page (src/ui), so text fields and the canvas share shortcuts sanely.
    input: { keyboard: false, gamepad: false },
    // Keep every vertex of polylines: imagined trajectories are many short segments.
    render: { antialias: true, pathDetailThreshold: 0 },
    scene: [scene],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the game did not start within 20 s (drawing with ${renderer})`)),
      20_000,
    );
    void scene.ready.then(() => {
      clearTimeout(timer);
      resolve({ game, scene });
    });
  });
}
