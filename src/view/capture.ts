// Hands the scene canvas to a callback right after each render. A WebGL canvas keeps its picture
// only until the task that drew it ends, so a recorder must copy it here (Phaser's post-render
// event, in the same task as the draw) or its frames come out black.
import Phaser from 'phaser';

export type FrameCallback = (canvas: HTMLCanvasElement) => void;

export class SceneCapture {
  private callback: FrameCallback | null = null;

  constructor(private readonly game: Phaser.Game) {
    game.events.on(Phaser.Core.Events.POST_RENDER, this.onPostRender, this);
  }

  /** Called after every render until `stop()`. */
  start(callback: FrameCallback): void {
    this.callback = callback;
  }

  stop(): void {
    this.callback = null;
  }

  dispose(): void {
    this.stop();
    this.game.events.off(Phaser.Core.Events.POST_RENDER, this.onPostRender, this);
  }

  private onPostRender(): void {
    this.callback?.(this.game.canvas);
  }
}
