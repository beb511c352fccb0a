// A Graphics layer drawn once per change into a canvas texture and shown as one image, for the
// Canvas 2D renderer (src/view/renderer-choice.ts). There a Graphics object replays every path on
// every frame, on the CPU: 128 imagined futures of 96 steps cost most of a frame. Baked, a frame
// copies one image; the paths are stroked again only when the layer changes (a new plan, a new
// layout, a resize). Not used with WebGL, where the GPU draws the Graphics batch cheaply and a
// canvas texture would be uploaded again on every change.
import Phaser from 'phaser';

export class BakedLayer {
  private readonly texture: Phaser.Textures.CanvasTexture;
  private readonly image: Phaser.GameObjects.Image;

  /** Takes `gfx` off the display list's drawing (hidden) and shows its baked image at `depth`. */
  constructor(
    scene: Phaser.Scene,
    private readonly gfx: Phaser.GameObjects.Graphics,
    private readonly key: string,
    depth: number,
  ) {
    // Textures belong to the game: a restarted scene finds the old one.
    const old = scene.textures.exists(key) ? scene.textures.get(key) : null;
    const texture =
      old instanceof Phaser.Textures.CanvasTexture ? old : scene.textures.createCanvas(key, 1, 1);
    if (!texture) throw new Error(`BakedLayer: could not create the canvas texture '${key}'`);
    this.texture = texture;
    gfx.setVisible(false);
    this.image = scene.add.image(0, 0, key).setOrigin(0, 0).setDepth(depth);
  }

  /** Draws the Graphics' current commands into the image, which covers width x height from (0, 0). */
  bake(width: number, height: number): void {
    const w = Math.max(1, Math.round(width));
    const h = Math.max(1, Math.round(height));
    if (this.texture.width !== w || this.texture.height !== h) this.texture.setSize(w, h);
    else this.texture.clear(0, 0, w, h, false);
    // Graphics.generateTexture renders the commands with the Canvas renderer into the texture's
    // canvas (it does not clear it) and refreshes the texture.
    this.gfx.generateTexture(this.key, w, h);
    this.image.setTexture(this.key);
  }
}
