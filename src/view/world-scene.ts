// The one Phaser scene: draws the world from snapshots and turns pointer input into commands.
// Layers, bottom to top: `layout` (floor, hazards, walls, doors; redrawn only when the layout
// revision or the canvas size changes), `imagination` (reserved for the planner's imagined
// futures), `actors` (trail, goal, boxes, agent; redrawn every frame).
import Phaser from 'phaser';
import type { BoxState, DoorState, HazardState, Rect, Vec2, WorldSnapshot } from '../world/types';
import {
  type ArenaTransform,
  fitArena,
  insideArena,
  rectToScreen,
  toScreen,
  toWorld,
} from './arena-transform';
import { BakedLayer } from './baked-layer';
import { hatchCircle, hatchRect } from './hatch';
import { drawImagination, type PlanPicture } from './imagination';
import { PALETTE } from './palette';
import { Trail } from './trail';
import type { ViewHost } from './view-host';

/** A hazard's edge glow: (line width, alpha) strokes from wide and faint to thin and bright. */
const HAZARD_GLOW = [
  [9, 0.07],
  [5, 0.14],
  [1.5, 0.85],
] as const;

/** Extra reach (pixels) around the agent and doors for grabbing them with the mouse. */
const GRAB_SLOP_PX = 6;
/** At maximum speed the actors layer is redrawn only every Nth frame. */
const FAST_FORWARD_DRAW_EVERY = 6;

export class WorldScene extends Phaser.Scene {
  static readonly KEY = 'world';

  private layoutGfx!: Phaser.GameObjects.Graphics;
  private imaginationGfx!: Phaser.GameObjects.Graphics;
  /** With Canvas 2D only: the layout and the imagined futures drawn once per change (baked-layer.ts). */
  private layoutBaked: BakedLayer | null = null;
  private imaginationBaked: BakedLayer | null = null;
  private actorsGfx!: Phaser.GameObjects.Graphics;
  private transform: ArenaTransform | null = null;
  private drawnLayout = Number.NaN;
  private drawnEpisode = Number.NaN;
  private drawnSize = '';
  private readonly trail = new Trail(0);
  private dragging = false;
  private frame = 0;
  private last: WorldSnapshot | null = null;
  private planSource: (() => PlanPicture | null) | null = null;
  private drawnPlan: PlanPicture | null = null;
  private drawnPlanTransform: ArenaTransform | null = null;
  private markReady: () => void = () => {};
  /** Settles once create() has run and the layers exist. */
  readonly ready: Promise<void> = new Promise((resolve) => {
    this.markReady = resolve;
  });

  constructor(private readonly host: ViewHost) {
    super(WorldScene.KEY);
  }

  /** The layer later issues draw imagined trajectories into: above the floor, below the agent. */
  get imagination(): Phaser.GameObjects.Graphics {
    return this.imaginationGfx;
  }

  /** Where the latest plan comes from; read every frame, redrawn when it or the canvas changes. */
  setPlanSource(source: (() => PlanPicture | null) | null): void {
    this.planSource = source;
  }

  /** Shows what was last drawn into `imagination` (needed after drawing into it by hand on Canvas 2D). */
  bakeImagination(): void {
    this.imaginationBaked?.bake(this.scale.width, this.scale.height);
  }

  /** The current world-to-canvas mapping (null before the first frame). */
  get arenaTransform(): ArenaTransform | null {
    return this.transform;
  }

  create(): void {
    this.cameras.main.setBackgroundColor(PALETTE.background);
    // Graphics kept adjacent in depth so they share one batch.
    this.layoutGfx = this.add.graphics().setDepth(0);
    this.imaginationGfx = this.add.graphics().setDepth(1);
    this.actorsGfx = this.add.graphics().setDepth(2);
    if (this.game.renderer.type === Phaser.CANVAS) {
      this.layoutBaked = new BakedLayer(this, this.layoutGfx, 'layout-layer', 0);
      this.imaginationBaked = new BakedLayer(this, this.imaginationGfx, 'imagination-layer', 1);
    }
    this.scale.on(Phaser.Scale.Events.RESIZE, (size: Phaser.Structs.Size) => {
      this.cameras.main.setSize(size.width, size.height);
    });
    this.input.on(Phaser.Input.Events.POINTER_DOWN, this.onPointerDown, this);
    this.input.on(Phaser.Input.Events.POINTER_MOVE, this.onPointerMove, this);
    this.input.on(Phaser.Input.Events.POINTER_UP, this.onPointerUp, this);
    this.input.on(Phaser.Input.Events.POINTER_UP_OUTSIDE, this.onPointerUp, this);
    this.markReady();
  }

  override update(time: number): void {
    const snap = this.host.snapshot();
    this.last = snap;
    const { width, height } = this.scale;
    const size = `${width}x${height}x${snap.arena.width}x${snap.arena.height}`;
    if (size !== this.drawnSize || this.host.layoutRevision !== this.drawnLayout) {
      this.transform = fitArena(snap.arena, width, height, Math.max(12, Math.min(width, height) * 0.03));
      this.drawLayout(snap, this.transform);
      this.layoutBaked?.bake(width, height);
      this.drawnSize = size;
      this.drawnLayout = this.host.layoutRevision;
    }
    if (this.host.episodeRevision !== this.drawnEpisode) {
      this.trail.clear();
      this.drawnEpisode = this.host.episodeRevision;
    }
    // A dragged agent jumps: its trail restarts where it is put down instead of drawing the jump.
    if (this.dragging) this.trail.clear();
    this.trail.resize(this.host.trailLength);
    const prev = this.trail.last();
    const p = snap.agent.position;
    if (!prev || prev.x !== p.x || prev.y !== p.y) this.trail.push(p);

    const plan = this.planSource?.() ?? null;
    if (plan !== this.drawnPlan || this.transform !== this.drawnPlanTransform) {
      drawImagination(this.imaginationGfx, plan, this.transform!);
      this.bakeImagination();
      this.drawnPlan = plan;
      this.drawnPlanTransform = this.transform;
    }

    this.frame++;
    if (this.host.fastForward && this.frame % FAST_FORWARD_DRAW_EVERY !== 0) return;
    this.drawActors(snap, this.transform!, time / 1000);
  }

  // ---- input -------------------------------------------------------------------------------

  private onPointerDown(pointer: Phaser.Input.Pointer): void {
    const hit = this.hitTest(pointer.x, pointer.y);
    if (!hit) return;
    if (hit.kind === 'agent') {
      this.dragging = true;
      this.host.dragAgent(true);
      this.setCursor('grabbing');
    } else if (hit.kind === 'door') {
      this.host.toggleDoor(hit.id);
    } else {
      this.host.setGoal(hit.at);
    }
  }

  private onPointerMove(pointer: Phaser.Input.Pointer): void {
    if (this.dragging && this.transform) {
      const p = toWorld(this.transform, pointer.x, pointer.y);
      const a = this.transform.arena;
      this.host.placeAgent({
        x: Math.min(a.width, Math.max(0, p.x)),
        y: Math.min(a.height, Math.max(0, p.y)),
      });
      return;
    }
    const hit = this.hitTest(pointer.x, pointer.y);
    this.setCursor(
      !hit ? 'default' : hit.kind === 'agent' ? 'grab' : hit.kind === 'door' ? 'pointer' : 'crosshair',
    );
  }

  private onPointerUp(): void {
    if (!this.dragging) return;
    this.dragging = false;
    this.host.dragAgent(false);
    this.setCursor('grab');
  }

  private hitTest(
    x: number,
    y: number,
  ): { kind: 'agent' } | { kind: 'door'; id: string } | { kind: 'floor'; at: Vec2 } | null {
    const t = this.transform;
    const snap = this.last;
    if (!t || !snap) return null;
    const at = toWorld(t, x, y);
    if (!insideArena(t, at)) return null;
    const slop = GRAB_SLOP_PX / t.scale;
    const a = snap.agent;
    if (Math.hypot(at.x - a.position.x, at.y - a.position.y) <= a.radius + slop) return { kind: 'agent' };
    for (const door of snap.doors) {
      const r = door.rect;
      if (at.x >= r.x - slop && at.x <= r.x + r.w + slop && at.y >= r.y - slop && at.y <= r.y + r.h + slop) {
        return { kind: 'door', id: door.id };
      }
    }
    return { kind: 'floor', at };
  }

  private setCursor(cursor: string): void {
    this.input.setDefaultCursor(cursor);
  }

  // ---- drawing: layout ---------------------------------------------------------------------

  private drawLayout(snap: WorldSnapshot, t: ArenaTransform): void {
    const g = this.layoutGfx;
    g.clear();
    const arena = rectToScreen(t, { x: 0, y: 0, w: snap.arena.width, h: snap.arena.height });
    // A faint diagonal light across the floor gives the flat arena some depth. Gradients are WebGL
    // only: the Canvas 2D renderer skips that command and fills with the plain floor set first.
    g.fillStyle(PALETTE.floor, 1);
    g.fillGradientStyle(PALETTE.floorLit, PALETTE.floor, PALETTE.floor, PALETTE.floorShade, 1);
    g.fillRect(arena.x, arena.y, arena.w, arena.h);
    this.drawGrid(g, t, snap.arena);
    for (const h of snap.hazards) this.drawHazard(g, t, h);
    const depth = (r: Rect) => Math.min(0.08 * t.scale, 6, 0.35 * Math.min(r.w, r.h));
    // The arena's edge is solid too: drawn as a wall frame just outside the floor.
    const rim = Math.max(4, Math.min(0.14 * t.scale, 10));
    const walls = [
      { x: arena.x - rim, y: arena.y - rim, w: arena.w + 2 * rim, h: rim },
      { x: arena.x - rim, y: arena.y + arena.h, w: arena.w + 2 * rim, h: rim },
      { x: arena.x - rim, y: arena.y, w: rim, h: arena.h },
      { x: arena.x + arena.w, y: arena.y, w: rim, h: arena.h },
      ...snap.walls.map((w) => rectToScreen(t, w)),
    ];
    // Shadows first, then sides, then tops: touching walls merge into one solid shape.
    g.fillStyle(PALETTE.wallShadow, 0.45);
    for (const r of walls) g.fillRect(r.x + depth(r) * 0.8, r.y + depth(r) * 1.2, r.w, r.h);
    g.fillStyle(PALETTE.wallSide, 1);
    for (const r of walls) g.fillRect(r.x, r.y, r.w, r.h);
    g.fillStyle(PALETTE.wallTop, 1);
    for (const r of walls) g.fillRect(r.x, r.y - depth(r), r.w, r.h);
    g.fillStyle(PALETTE.wallHighlight, 0.7);
    for (const r of walls) g.fillRect(r.x, r.y - depth(r), r.w, 1);
    for (const d of snap.doors) this.drawDoor(g, t, d);
  }

  private drawGrid(
    g: Phaser.GameObjects.Graphics,
    t: ArenaTransform,
    arena: { width: number; height: number },
  ) {
    for (let i = 1; i < arena.width; i++) {
      const x = Math.round(t.offsetX + i * t.scale) + 0.5;
      g.lineStyle(1, i % 5 === 0 ? PALETTE.floorGridMajor : PALETTE.floorGrid, 1);
      g.lineBetween(x, t.offsetY, x, t.offsetY + arena.height * t.scale);
    }
    for (let j = 1; j < arena.height; j++) {
      const y = Math.round(t.offsetY + j * t.scale) + 0.5;
      g.lineStyle(1, j % 5 === 0 ? PALETTE.floorGridMajor : PALETTE.floorGrid, 1);
      g.lineBetween(t.offsetX, y, t.offsetX + arena.width * t.scale, y);
    }
  }

  private drawHazard(g: Phaser.GameObjects.Graphics, t: ArenaTransform, h: HazardState): void {
    const spacing = Math.max(6, 0.25 * t.scale);
    if (h.shape === 'circle' && h.center && h.radius !== undefined) {
      const c = toScreen(t, h.center);
      const r = h.radius * t.scale;
      g.fillStyle(PALETTE.hazard, 0.16);
      g.fillCircle(c.x, c.y, r);
      g.lineStyle(2, PALETTE.hazard, 0.4);
      for (const [x1, y1, x2, y2] of hatchCircle(c.x, c.y, r, spacing)) g.lineBetween(x1, y1, x2, y2);
      for (const [w, a] of HAZARD_GLOW) {
        g.lineStyle(w, PALETTE.hazard, a);
        g.strokeCircle(c.x, c.y, r);
      }
      return;
    }
    const r = rectToScreen(t, h.rect);
    g.fillStyle(PALETTE.hazard, 0.16);
    g.fillRect(r.x, r.y, r.w, r.h);
    g.lineStyle(2, PALETTE.hazard, 0.4);
    for (const [x1, y1, x2, y2] of hatchRect(r.x, r.y, r.w, r.h, spacing)) g.lineBetween(x1, y1, x2, y2);
    for (const [w, a] of HAZARD_GLOW) {
      g.lineStyle(w, PALETTE.hazard, a);
      g.strokeRect(r.x, r.y, r.w, r.h);
    }
  }

  private drawDoor(g: Phaser.GameObjects.Graphics, t: ArenaTransform, d: DoorState): void {
    const r = rectToScreen(t, d.rect);
    const horizontal = r.w >= r.h;
    const post = Math.max(3, Math.min(r.w, r.h) * 0.6);
    if (d.open) {
      // An open doorway: the gap stays floor, marked by a faint threshold and two posts.
      g.fillStyle(PALETTE.door, 0.1);
      g.fillRect(r.x, r.y, r.w, r.h);
      g.lineStyle(1, PALETTE.door, 0.45);
      g.strokeRect(r.x + 0.5, r.y + 0.5, r.w - 1, r.h - 1);
      g.fillStyle(PALETTE.door, 0.9);
      if (horizontal) {
        g.fillRect(r.x - 1, r.y - 2, post, r.h + 4);
        g.fillRect(r.x + r.w - post + 1, r.y - 2, post, r.h + 4);
      } else {
        g.fillRect(r.x - 2, r.y - 1, r.w + 4, post);
        g.fillRect(r.x - 2, r.y + r.h - post + 1, r.w + 4, post);
      }
      return;
    }
    g.fillStyle(PALETTE.wallShadow, 0.4);
    g.fillRect(r.x + 2, r.y + 3, r.w, r.h);
    g.fillStyle(PALETTE.door, 1);
    g.fillRect(r.x, r.y, r.w, r.h);
    g.lineStyle(2, PALETTE.doorStripe, 0.8);
    for (const [x1, y1, x2, y2] of hatchRect(r.x, r.y, r.w, r.h, Math.max(6, 0.2 * t.scale))) {
      g.lineBetween(x1, y1, x2, y2);
    }
    g.lineStyle(1, PALETTE.doorStripe, 1);
    g.strokeRect(r.x + 0.5, r.y + 0.5, r.w - 1, r.h - 1);
  }

  // ---- drawing: actors ---------------------------------------------------------------------

  private drawActors(snap: WorldSnapshot, t: ArenaTransform, seconds: number): void {
    const g = this.actorsGfx;
    g.clear();
    this.drawTrail(g, t, snap.agent.radius);
    this.drawGoal(g, t, snap.goal, seconds);
    for (const b of snap.boxes) this.drawBox(g, t, b);
    this.drawAgent(g, t, snap);
  }

  private drawTrail(g: Phaser.GameObjects.Graphics, t: ArenaTransform, radius: number): void {
    let px = Number.NaN;
    let py = Number.NaN;
    const width = Math.max(2, radius * t.scale * 0.35);
    this.trail.forEach((x, y, age) => {
      const sx = t.offsetX + x * t.scale;
      const sy = t.offsetY + y * t.scale;
      if (!Number.isNaN(px)) {
        g.lineStyle(width, PALETTE.agent, 0.7 * (1 - age) ** 1.3);
        g.lineBetween(px, py, sx, sy);
      }
      px = sx;
      py = sy;
    });
  }

  private drawGoal(
    g: Phaser.GameObjects.Graphics,
    t: ArenaTransform,
    goal: WorldSnapshot['goal'],
    seconds: number,
  ): void {
    const c = toScreen(t, goal.position);
    const r = goal.radius * t.scale;
    const pulse = 0.5 + 0.5 * Math.sin(seconds * 3.2);
    g.fillStyle(PALETTE.goal, 0.14);
    g.fillCircle(c.x, c.y, r);
    g.lineStyle(2, PALETTE.goal, 0.9);
    g.strokeCircle(c.x, c.y, r);
    g.lineStyle(2, PALETTE.goal, 0.5 * (1 - pulse));
    g.strokeCircle(c.x, c.y, r * (1 + 0.6 * pulse));
    // A small flag planted at the centre.
    const pole = Math.max(10, r * 1.1);
    g.lineStyle(2, PALETTE.goal, 1);
    g.lineBetween(c.x, c.y, c.x, c.y - pole);
    g.fillStyle(PALETTE.goal, 1);
    g.fillTriangle(c.x, c.y - pole, c.x + pole * 0.6, c.y - pole * 0.78, c.x, c.y - pole * 0.56);
    g.fillCircle(c.x, c.y, 2.5);
  }

  private drawBox(g: Phaser.GameObjects.Graphics, t: ArenaTransform, b: BoxState): void {
    const c = toScreen(t, { x: b.x, y: b.y });
    const poly = (scale: number, dx: number, dy: number) => {
      const cos = Math.cos(b.angle);
      const sin = Math.sin(b.angle);
      const hw = (b.w * t.scale * scale) / 2;
      const hh = (b.h * t.scale * scale) / 2;
      g.beginPath();
      for (const [u, v] of [
        [-hw, -hh],
        [hw, -hh],
        [hw, hh],
        [-hw, hh],
      ] as const) {
        g.lineTo(c.x + dx + u * cos - v * sin, c.y + dy + u * sin + v * cos);
      }
      g.closePath();
    };
    g.fillStyle(PALETTE.wallShadow, 0.4);
    poly(1, 3, 4);
    g.fillPath();
    g.fillStyle(PALETTE.box, 1);
    poly(1, 0, 0);
    g.fillPath();
    g.lineStyle(2, PALETTE.boxEdge, 1);
    g.strokePath();
    g.fillStyle(PALETTE.boxTop, 1);
    poly(0.62, 0, 0);
    g.fillPath();
  }

  private drawAgent(g: Phaser.GameObjects.Graphics, t: ArenaTransform, snap: WorldSnapshot): void {
    const a = snap.agent;
    const c = toScreen(t, a.position);
    const r = Math.max(3, a.radius * t.scale);
    const body = PALETTE.agent;
    g.fillStyle(body, 0.12);
    g.fillCircle(c.x, c.y, r * 1.8);
    g.fillStyle(body, 0.2);
    g.fillCircle(c.x, c.y, r * 1.35);
    g.fillStyle(body, 1);
    g.fillCircle(c.x, c.y, r);
    g.lineStyle(2, PALETTE.agentOutline, 0.9);
    g.strokeCircle(c.x, c.y, r);
    if (this.host.manualControl) {
      // Keyboard in charge: a bright ring, so a watcher can tell a person is driving, not the agent.
      g.lineStyle(2.5, PALETTE.agentManual, 0.95);
      g.strokeCircle(c.x, c.y, r + 5);
    }
    if (this.dragging) {
      g.lineStyle(1.5, PALETTE.dragCue, 0.8);
      g.strokeCircle(c.x, c.y, r + 6);
    }
    const speed = Math.hypot(a.velocity.x, a.velocity.y);
    if (speed * t.scale < 4) return;
    // The arrow shows where the agent will be in about 0.4 s, starting at its rim.
    const ux = a.velocity.x / speed;
    const uy = a.velocity.y / speed;
    const len = Math.min(speed * 0.4 * t.scale, r * 4);
    const sx = c.x + ux * (r + 2);
    const sy = c.y + uy * (r + 2);
    const ex = sx + ux * len;
    const ey = sy + uy * len;
    const head = Math.min(8, 3 + len * 0.35);
    g.lineStyle(3, PALETTE.velocity, 1);
    g.lineBetween(sx, sy, ex - ux * head * 0.6, ey - uy * head * 0.6);
    g.fillStyle(PALETTE.velocity, 1);
    g.fillTriangle(
      ex + ux * head * 0.4,
      ey + uy * head * 0.4,
      ex - ux * head * 0.6 - uy * head * 0.6,
      ey - uy * head * 0.6 + ux * head * 0.6,
      ex - ux * head * 0.6 + uy * head * 0.6,
      ey - uy * head * 0.6 - ux * head * 0.6,
    );
  }
}
