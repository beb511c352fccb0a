// "What the agent believes": the cost of the agent being at each cell of a grid over the arena,
// drawn as semi-transparent cells under the imagined futures and the actors. The numbers come from
// the worker (encoder + probes + the cost table in force); this file only turns them into colours
// and keeps a CanvasTexture the size of the grid, stretched over the arena with crisp cells.
import Phaser from 'phaser';
import type { ArenaTransform } from './arena-transform';
import { type HeatmapGrid, heatmapPixels } from './cost-heatmap-colours';

export type { HeatmapGrid } from './cost-heatmap-colours';

const TEXTURE_KEY = 'cost-heatmap';
/** Between the layout (0) and the imagined futures (1). */
const DEPTH = 0.5;

/** The heat map layer of a scene. Call layout() when the arena's transform changes. */
export class CostHeatmapLayer {
  private readonly image: Phaser.GameObjects.Image;
  private texture: Phaser.Textures.CanvasTexture;
  private grid: HeatmapGrid | null = null;
  private transform: ArenaTransform | null = null;

  constructor(private readonly scene: Phaser.Scene) {
    // Textures belong to the game: a restarted scene finds the old one.
    const old = scene.textures.exists(TEXTURE_KEY) ? scene.textures.get(TEXTURE_KEY) : null;
    const texture =
      old instanceof Phaser.Textures.CanvasTexture ? old : scene.textures.createCanvas(TEXTURE_KEY, 1, 1);
    if (!texture) throw new Error('CostHeatmapLayer: could not create its canvas texture');
    this.texture = texture;
    texture.setFilter(Phaser.Textures.FilterMode.NEAREST);
    this.image = scene.add.image(0, 0, TEXTURE_KEY).setOrigin(0, 0).setDepth(DEPTH).setVisible(false);
  }

  get visible(): boolean {
    return this.image.visible;
  }

  /** Shows a grid (null hides the layer). */
  show(grid: HeatmapGrid | null): void {
    this.grid = grid;
    if (!grid) {
      this.image.setVisible(false);
      return;
    }
    const { cols, rows } = grid;
    if (this.texture.width !== cols || this.texture.height !== rows) this.texture.setSize(cols, rows);
    const data = new ImageData(heatmapPixels(grid) as Uint8ClampedArray<ArrayBuffer>, cols, rows);
    this.texture.context.putImageData(data, 0, 0);
    this.texture.refresh();
    // After refresh: the upload may reset the filter, and cells should stay crisp squares.
    this.texture.setFilter(Phaser.Textures.FilterMode.NEAREST);
    this.image.setTexture(TEXTURE_KEY);
    this.place();
    this.image.setVisible(true);
  }

  layout(t: ArenaTransform): void {
    this.transform = t;
    this.place();
  }

  private place(): void {
    const t = this.transform;
    if (!t || !this.grid) return;
    this.image.setPosition(t.offsetX, t.offsetY);
    this.image.setDisplaySize(t.arena.width * t.scale, t.arena.height * t.scale);
  }

  destroy(): void {
    this.image.destroy();
    void this.scene;
  }
}
