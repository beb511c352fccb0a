// Turns a scenario plus the episode's random stream into one concrete layout: which layout variant,
// where each door sits, the boxes' start poses. The order of random draws is part of the format's
// reproducibility, so it is fixed: layout choice, then door positions in file order, then spawns.
import type { Rng } from './rng';
import type { Scenario, ScenarioBox, ScenarioRange, ScenarioSpawn, ScenarioWall } from './schema';
import type { HazardState, Rect, Vec2 } from './types';

export interface LayoutDoor {
  id: string;
  rect: Rect;
  open: boolean;
}

export interface LayoutBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  angle: number;
  density: number;
  damping: number;
}

/** One episode's geometry, plain data (it is part of saveState). */
export interface EpisodeLayout {
  /** Index into scenario.layouts, or -1 when the scenario has none. */
  layoutIndex: number;
  /** Wall rectangles with door openings cut out. */
  walls: Rect[];
  doors: LayoutDoor[];
  hazards: HazardState[];
  boxes: LayoutBox[];
  spawns: ScenarioSpawn[];
}

function drawRange(r: ScenarioRange, rng: Rng): number {
  return typeof r === 'number' ? r : r.min === r.max ? r.min : rng.uniform(r.min, r.max);
}

/** Splits a wall around its door; the opening spans the wall's full thickness. */
function cutWall(wall: ScenarioWall, rng: Rng, walls: Rect[], doors: LayoutDoor[]): void {
  const { x, y, w, h } = wall;
  if (!wall.door) {
    walls.push({ x, y, w, h });
    return;
  }
  const d = wall.door;
  const at = drawRange(d.at, rng);
  const horizontal = w >= h;
  const start = at - d.width / 2;
  const end = at + d.width / 2;
  if (horizontal) {
    if (start > 0) walls.push({ x, y, w: start, h });
    if (end < w) walls.push({ x: x + end, y, w: w - end, h });
    doors.push({ id: d.id, rect: { x: x + start, y, w: d.width, h }, open: d.open });
  } else {
    if (start > 0) walls.push({ x, y, w, h: start });
    if (end < h) walls.push({ x, y: y + end, w, h: h - end });
    doors.push({ id: d.id, rect: { x, y: y + start, w, h: d.width }, open: d.open });
  }
}

function toHazard(h: Scenario['hazards'][number]): HazardState {
  if (h.shape === 'rect') return { shape: 'rect', rect: { x: h.x, y: h.y, w: h.w, h: h.h } };
  return {
    shape: 'circle',
    rect: { x: h.x - h.r, y: h.y - h.r, w: 2 * h.r, h: 2 * h.r },
    center: { x: h.x, y: h.y },
    radius: h.r,
  };
}

function toBox(b: ScenarioBox): LayoutBox {
  return { id: b.id, x: b.x, y: b.y, w: b.w, h: b.h, angle: b.angle, density: b.density, damping: b.damping };
}

export function drawLayout(s: Scenario, rng: Rng, forcedLayout?: number): EpisodeLayout {
  let layoutIndex = -1;
  if (s.layouts.length > 0) {
    if (forcedLayout !== undefined) layoutIndex = forcedLayout;
    else if (typeof s.layoutChoice === 'number') layoutIndex = s.layoutChoice;
    else layoutIndex = rng.int(s.layouts.length);
  }
  const variant = layoutIndex >= 0 ? s.layouts[layoutIndex] : undefined;
  const walls: Rect[] = [];
  const doors: LayoutDoor[] = [];
  for (const wall of [...s.walls, ...(variant?.walls ?? [])]) cutWall(wall, rng, walls, doors);
  return {
    layoutIndex,
    walls,
    doors,
    hazards: [...s.hazards, ...(variant?.hazards ?? [])].map(toHazard),
    boxes: [...s.boxes, ...(variant?.boxes ?? [])].map(toBox),
    spawns: variant?.spawns ?? s.spawns,
  };
}

const MAX_TRIES = 2000;

/**
 * Draws a (start, goal) pair: a spawn entry by weight, then points in its regions until the disc fits at
 * both and they are far enough apart. Throws with the spawn's index when the regions leave no room.
 */
export function drawStartGoal(
  spawns: readonly ScenarioSpawn[],
  minDistance: number,
  rng: Rng,
  startFits: (p: Vec2) => boolean,
  goalFits: (p: Vec2) => boolean,
): { start: Vec2; goal: Vec2; spawnIndex: number } {
  const total = spawns.reduce((acc, sp) => acc + sp.weight, 0);
  let u = rng.next() * total;
  let spawnIndex = spawns.length - 1;
  for (let i = 0; i < spawns.length; i++) {
    u -= spawns[i]!.weight;
    if (u < 0) {
      spawnIndex = i;
      break;
    }
  }
  const sp = spawns[spawnIndex]!;
  const inRegion = (r: Rect): Vec2 => ({ x: rng.uniform(r.x, r.x + r.w), y: rng.uniform(r.y, r.y + r.h) });
  for (let t = 0; t < MAX_TRIES; t++) {
    const start = inRegion(sp.start);
    if (!startFits(start)) continue;
    const goal = inRegion(sp.goal);
    if (!goalFits(goal)) continue;
    if (Math.hypot(goal.x - start.x, goal.y - start.y) < minDistance) continue;
    return { start, goal, spawnIndex };
  }
  throw new Error(
    `spawns[${spawnIndex}]: found no start and goal where the agent fits at least ${minDistance} apart after ${MAX_TRIES} tries; ` +
      'check that the regions are not covered by walls',
  );
}
