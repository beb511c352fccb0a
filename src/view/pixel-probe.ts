// Reads back what the game drew. A WebGL canvas is only readable in the same task as the draw
// (its buffer is not preserved), so the copy is made in Phaser's post-render event.
import Phaser from 'phaser';

export class PixelProbe {
  private readonly copy = document.createElement('canvas');
  private waiting: ((image: ImageData) => void)[] = [];

  constructor(private readonly game: Phaser.Game) {
    game.events.on(Phaser.Core.Events.POST_RENDER, this.onPostRender, this);
  }

  /** The next frame's pixels, in canvas pixels (top-left origin). */
  capture(): Promise<ImageData> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private onPostRender(): void {
    if (this.waiting.length === 0) return;
    const src = this.game.canvas;
    this.copy.width = src.width;
    this.copy.height = src.height;
    const ctx = this.copy.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    ctx.drawImage(src, 0, 0);
    const image = ctx.getImageData(0, 0, src.width, src.height);
    const done = this.waiting;
    this.waiting = [];
    for (const resolve of done) resolve(image);
  }
}
