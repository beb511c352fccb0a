// Draws the planner's imagined futures into the scene's `imagination` layer: every candidate as a
// faint ghost trail, the chosen one bold, coloured by cost. One Graphics object, one polyline per
// candidate; the layer is redrawn only when a new plan arrives or the canvas changes size.
import type Phaser from 'phaser';
import { type ArenaTransform, toScreen } from './arena-transform';
import { PALETTE } from './palette';

/** The parts of a plan the view needs (PlanResult from src/agent/plan/mode2.ts fits). */
export interface PlanPicture {
  K: number;
  H: number;
  /** [K, H + 1, 2] imagined positions in world metres, row-major. */
  trajectories: Float32Array;
  chosen: number;
  /** [K] final cost per candidate. */
  candidateCosts: Float32Array;
  /** [M * 2] places (m) where the model was wrong this episode, drawn as small crosses. */
  surprises?: Float32Array;
  /** The wall map the planner read from the current state (G x G, row = y), outlined cell by cell. */
  seenWalls?: { grid: number; width: number; height: number; cells: Float32Array } | null;
  /** The route to the goal around the seen walls ([x0, y0, ...] m), drawn as a dotted line. */
  route?: { path: Float32Array } | null;
}

export interface GhostStyle {
  index: number;
  color: number;
  alpha: number;
  width: number;
}

const CHEAP: readonly [number, number, number] = [0x4c, 0xc9, 0xf0];
const DEAR: readonly [number, number, number] = [0xff, 0x7b, 0x3b];

/**
 * One style per candidate, in drawing order: the most expensive first so the cheap ones lie on top,
 * the chosen plan last. Cost is ranked, not scaled, so one outlier does not wash out the rest.
 */
export function ghostStyles(plan: PlanPicture): GhostStyle[] {
  const { K, candidateCosts, chosen } = plan;
  if (candidateCosts.length < K) {
    throw new Error(`ghostStyles: ${candidateCosts.length} costs for ${K} candidates`);
  }
  const order = Array.from({ length: K }, (_, i) => i).sort((a, b) => {
    const ca = candidateCosts[a]!;
    const cb = candidateCosts[b]!;
    // Non-finite costs (a diverged candidate) sort as the most expensive.
    return (Number.isFinite(cb) ? cb : Infinity) - (Number.isFinite(ca) ? ca : Infinity) || a - b;
  });
  const styles: GhostStyle[] = [];
  order.forEach((index, pos) => {
    if (index === chosen) return;
    // pos 0 is the dearest; t = 1 the cheapest.
    const t = K > 1 ? pos / (K - 1) : 1;
    styles.push({ index, color: mix(DEAR, CHEAP, t), alpha: 0.16 + 0.44 * t * t, width: 1 + t });
  });
  if (chosen >= 0 && chosen < K)
    styles.push({ index: chosen, color: PALETTE.agentOutline, alpha: 0.95, width: 3 });
  return styles;
}

function mix(a: readonly number[], b: readonly number[], t: number): number {
  const c = (i: number) => Math.round(a[i]! + (b[i]! - a[i]!) * t);
  return (c(0) << 16) | (c(1) << 8) | c(2);
}

/** Clears `g` and draws `plan` (nothing when null). Positions outside the arena are clamped to it. */
export function drawImagination(
  g: Phaser.GameObjects.Graphics,
  plan: PlanPicture | null,
  t: ArenaTransform,
): void {
  g.clear();
  if (!plan || plan.K < 1) return;
  const steps = plan.H + 1;
  if (plan.trajectories.length < plan.K * steps * 2) return;
  const { width, height } = t.arena;
  const point = (k: number, j: number) => {
    const o = (k * steps + j) * 2;
    const x = Math.min(width, Math.max(0, plan.trajectories[o]!));
    const y = Math.min(height, Math.max(0, plan.trajectories[o + 1]!));
    return toScreen(t, { x, y });
  };
  const polyline = (k: number) => {
    g.beginPath();
    const p0 = point(k, 0);
    g.moveTo(p0.x, p0.y);
    for (let j = 1; j < steps; j++) {
      const p = point(k, j);
      g.lineTo(p.x, p.y);
    }
    g.strokePath();
  };
  for (const s of ghostStyles(plan)) {
    if (s.index === plan.chosen) {
      // A dark underlay keeps the chosen plan readable over the bright ghosts and the floor.
      g.lineStyle(s.width + 3, PALETTE.background, 0.55);
      polyline(s.index);
    }
    g.lineStyle(s.width, s.color, s.alpha);
    polyline(s.index);
    const end = point(s.index, steps - 1);
    g.fillStyle(s.color, s.alpha);
    g.fillCircle(end.x, end.y, s.index === plan.chosen ? 4 : 1.5 + s.width * 0.5);
  }
  drawSeenWalls(g, plan.seenWalls, t);
  drawRoute(g, plan.route, t);
  drawSurprises(g, plan.surprises, t);
}

/** A dot at every cell centre of the route the 'route' term charged for: where the agent means to go. */
function drawRoute(g: Phaser.GameObjects.Graphics, route: PlanPicture['route'], t: ArenaTransform): void {
  if (!route || route.path.length < 4) return;
  g.fillStyle(PALETTE.route, 0.75);
  for (let k = 0; k + 1 < route.path.length; k += 2) {
    const p = toScreen(t, { x: route.path[k]!, y: route.path[k + 1]! });
    g.fillCircle(p.x, p.y, 1.6);
  }
}

/**
 * An outline around each cell the wall map calls wall (> 0.5): what the agent believes blocks it, so
 * a misread door or a wall it does not see shows against the real walls drawn beneath.
 */
function drawSeenWalls(
  g: Phaser.GameObjects.Graphics,
  map: PlanPicture['seenWalls'],
  t: ArenaTransform,
): void {
  if (!map || map.grid < 1 || map.cells.length < map.grid * map.grid) return;
  const { grid, width, height, cells } = map;
  const cw = width / grid;
  const ch = height / grid;
  g.lineStyle(1, PALETTE.seenWall, 0.7);
  for (let j = 0; j < grid; j++) {
    for (let i = 0; i < grid; i++) {
      if (!(cells[j * grid + i]! > 0.5)) continue;
      const a = toScreen(t, { x: i * cw, y: j * ch });
      const b = toScreen(t, { x: (i + 1) * cw, y: (j + 1) * ch });
      const inset = 1.5;
      g.strokeRect(
        Math.min(a.x, b.x) + inset,
        Math.min(a.y, b.y) + inset,
        Math.abs(b.x - a.x) - 2 * inset,
        Math.abs(b.y - a.y) - 2 * inset,
      );
    }
  }
}

/** A small cross at each place the model's one-step prediction missed (src/agent/memory/surprise.ts). */
function drawSurprises(
  g: Phaser.GameObjects.Graphics,
  xy: Float32Array | undefined,
  t: ArenaTransform,
): void {
  if (!xy || xy.length < 2) return;
  const r = 3;
  g.lineStyle(1.5, PALETTE.hazard, 0.8);
  for (let i = 0; i + 1 < xy.length; i += 2) {
    const x = Math.min(t.arena.width, Math.max(0, xy[i]!));
    const y = Math.min(t.arena.height, Math.max(0, xy[i + 1]!));
    const p = toScreen(t, { x, y });
    g.lineBetween(p.x - r, p.y - r, p.x + r, p.y + r);
    g.lineBetween(p.x - r, p.y + r, p.x + r, p.y - r);
  }
}
