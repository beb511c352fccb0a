// The headless world: scenario + seeded episodes + planck physics + rasterised observations. Plain
// TypeScript with no DOM, so the page, a worker and Node CLIs all run the very same simulation.
import { orientedBoxSdf, pointInRect, pointRectDistance, pushOutOfRect } from './geometry';
import { drawLayout, drawStartGoal, type EpisodeLayout } from './layout';
import { type AgentBody, type BoxBody, type PhysicsParams, stepPhysics } from './physics';
import { type Canvas, drawDisc, drawHazards, drawOrientedBox, drawRects } from './raster';
import { createRng, type Rng, type RngState } from './rng';
import { parseScenario, type Scenario } from './schema';
import {
  type Action,
  OBS_CHANNELS,
  type Observation,
  PROPRIO_DIM,
  type Rect,
  type StepInfo,
  type StepResult,
  type Vec2,
  type WorldSnapshot,
} from './types';

export interface WorldOptions {
  seed?: number;
  /** Observation image side in pixels (default 64). */
  obsSize?: number;
  /** Always use this entry of scenario.layouts instead of the file's layoutChoice. */
  layout?: number;
}

/** Everything needed to resume an episode bit-identically; plain data, safe to clone or send. */
export interface WorldState {
  version: 1;
  scenario: string;
  episode: number;
  step: number;
  layout: EpisodeLayout;
  agent: AgentBody;
  boxes: BoxBody[];
  goal: Vec2;
  hazardTime: number;
  collided: boolean;
  rng: RngState;
}

const CH_WALLS = OBS_CHANNELS.indexOf('walls');
const CH_AGENT = OBS_CHANNELS.indexOf('agent');
const CH_HAZARDS = OBS_CHANNELS.indexOf('hazards');
const CH_BOXES = OBS_CHANNELS.indexOf('boxes');
/** Free space kept around spawned and snapped discs, above planck's 0.01 polygon skin. */
const SPAWN_CLEARANCE = 0.05;
const SNAP_CLEARANCE = 0.02;
/** Closing a door within planck's skins (agent 0.01 + polygon 0.01) of a body would shove it: refuse. */
const DOOR_MARGIN = 0.025;

function isFiniteVec(p: unknown): p is Vec2 {
  return (
    typeof p === 'object' && p !== null && Number.isFinite((p as Vec2).x) && Number.isFinite((p as Vec2).y)
  );
}

function cloneLayout(l: EpisodeLayout): EpisodeLayout {
  return {
    layoutIndex: l.layoutIndex,
    walls: l.walls.map((r) => ({ ...r })),
    doors: l.doors.map((d) => ({ id: d.id, rect: { ...d.rect }, open: d.open })),
    hazards: l.hazards.map((h) => ({
      shape: h.shape,
      rect: { ...h.rect },
      ...(h.center ? { center: { ...h.center } } : {}),
      ...(h.radius !== undefined ? { radius: h.radius } : {}),
    })),
    boxes: l.boxes.map((b) => ({ ...b })),
    spawns: l.spawns.map((s) => ({ start: { ...s.start }, goal: { ...s.goal }, weight: s.weight })),
  };
}

/** Separating-axis test: does a rotated box (centre, half sizes, angle) overlap an axis-aligned rect? */
function orientedBoxOverlapsRect(
  cx: number,
  cy: number,
  hw: number,
  hh: number,
  angle: number,
  r: Rect,
  margin: number,
): boolean {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const ex = Math.abs(c) * hw + Math.abs(s) * hh;
  const ey = Math.abs(s) * hw + Math.abs(c) * hh;
  const rx = r.x + r.w / 2;
  const ry = r.y + r.h / 2;
  if (Math.abs(cx - rx) >= ex + r.w / 2 + margin) return false;
  if (Math.abs(cy - ry) >= ey + r.h / 2 + margin) return false;
  for (const [ax, ay, half] of [
    [c, s, hw],
    [-s, c, hh],
  ] as const) {
    const d = Math.abs((rx - cx) * ax + (ry - cy) * ay);
    const rr = (Math.abs(ax) * r.w) / 2 + (Math.abs(ay) * r.h) / 2;
    if (d >= half + rr + margin) return false;
  }
  return true;
}

export class World {
  readonly scenario: Scenario;
  readonly controlDt: number;
  readonly obsSize: number;
  /** Speed the agent saturates at under a full action: maxAccel / damping. */
  readonly topSpeed: number;

  private readonly forcedLayout: number | undefined;
  private readonly physics: PhysicsParams;
  private rng: Rng;
  private layout!: EpisodeLayout;
  private agent: AgentBody = { x: 0, y: 0, vx: 0, vy: 0 };
  private boxes: BoxBody[] = [];
  private goal: Vec2 = { x: 0, y: 0 };
  private stepIndex = 0;
  private episode = -1;
  private hazardTime = 0;
  private collided = false;
  /** Walls, closed doors and the arena border: what physics and wallDistance treat as solid. */
  private statics: Rect[] = [];
  /** Walls and hazards channels pre-drawn; agent and boxes channels zero. Copied per observation. */
  private staticImage: Float32Array;

  private constructor(scenario: Scenario, opts: WorldOptions) {
    this.scenario = scenario;
    this.controlDt = scenario.physics.controlDt;
    this.topSpeed = scenario.agent.maxAccel / scenario.agent.damping;
    this.physics = {
      radius: scenario.agent.radius,
      maxAccel: scenario.agent.maxAccel,
      damping: scenario.agent.damping,
      controlDt: scenario.physics.controlDt,
      substeps: scenario.physics.substeps,
    };
    this.forcedLayout = opts.layout;
    this.obsSize = opts.obsSize ?? 64;
    this.rng = createRng(opts.seed ?? 0);
    this.staticImage = new Float32Array(OBS_CHANNELS.length * this.obsSize * this.obsSize);
  }

  static create(scenario: Scenario, opts: WorldOptions = {}): World {
    // Re-validate: the scenario may have crossed a worker boundary or been built by hand.
    const parsed = parseScenario(scenario);
    if (!parsed.ok) throw new Error(`World.create: invalid scenario:\n  ${parsed.errors.join('\n  ')}`);
    const size = opts.obsSize ?? 64;
    if (!Number.isInteger(size) || size < 8 || size > 512) {
      throw new RangeError(`World.create: obsSize must be an integer in [8, 512], got ${size}`);
    }
    if (opts.seed !== undefined && !Number.isFinite(opts.seed)) {
      throw new RangeError(`World.create: seed must be a finite number, got ${opts.seed}`);
    }
    const n = parsed.scenario.layouts.length;
    if (
      opts.layout !== undefined &&
      !(Number.isInteger(opts.layout) && opts.layout >= 0 && opts.layout < n)
    ) {
      throw new RangeError(
        `World.create: layout must be an index into the ${n} layouts of "${parsed.scenario.name}", got ${opts.layout}`,
      );
    }
    const world = new World(parsed.scenario, opts);
    world.reset();
    return world;
  }

  /** Starts a new episode. With a seed the random stream restarts from it; without, it continues. */
  reset(seed?: number): StepResult {
    if (seed !== undefined && !Number.isFinite(seed)) {
      throw new RangeError(`World.reset: seed must be a finite number, got ${seed}`);
    }
    const rng = seed === undefined ? this.rng : createRng(seed);
    const saved = rng.getState();
    try {
      const s = this.scenario;
      const layout = drawLayout(s, rng, this.forcedLayout);
      const statics = this.computeStatics(layout);
      const boxes: BoxBody[] = layout.boxes.map((b) => ({
        x: b.x,
        y: b.y,
        angle: b.angle,
        vx: 0,
        vy: 0,
        av: 0,
      }));
      const r = s.agent.radius + SPAWN_CLEARANCE;
      const { start, goal } = drawStartGoal(
        layout.spawns,
        s.episode.minStartGoalDistance,
        rng,
        (p) => this.fits(p, r, statics, layout, boxes),
        (p) => this.fits(p, r, statics, layout, null),
      );
      this.rng = rng;
      this.layout = layout;
      this.statics = statics;
      this.boxes = boxes;
      this.agent = { x: start.x, y: start.y, vx: 0, vy: 0 };
      this.goal = goal;
      this.stepIndex = 0;
      this.episode += 1;
      this.hazardTime = 0;
      this.collided = false;
      this.redrawStatic();
    } catch (e) {
      rng.setState(saved);
      throw new Error(`World.reset (${this.scenario.name}): ${(e as Error).message}`);
    }
    return { obs: this.observe(), info: this.info() };
  }

  /**
   * One control step. The world does not stop at `done`: stepping on continues the episode (a live
   * view keeps running), with success and done recomputed from the current state; callers reset.
   */
  step(action: Action): StepResult {
    const a0 = action?.[0];
    const a1 = action?.[1];
    if (typeof a0 !== 'number' || typeof a1 !== 'number' || !Number.isFinite(a0) || !Number.isFinite(a1)) {
      throw new RangeError(`World.step: action must be two finite numbers, got ${JSON.stringify(action)}`);
    }
    const norm = Math.hypot(a0, a1);
    const k = norm > 1 ? 1 / norm : 1;
    const hazards = this.layout.hazards;
    let hazardTime = this.hazardTime;
    const result = stepPhysics(
      this.statics,
      this.layout.boxes,
      this.agent,
      this.boxes,
      [a0 * k, a1 * k],
      this.physics,
      hazards.length > 0
        ? (x, y, dt) => {
            if (this.inHazardAt(x, y)) hazardTime += dt;
          }
        : undefined,
    );
    this.agent = result.agent;
    this.boxes = result.boxes;
    this.collided = result.collided;
    this.hazardTime = hazardTime;
    this.stepIndex += 1;
    return { obs: this.observe(), info: this.info() };
  }

  observe(): Observation {
    return this.render(this.agent.x, this.agent.y, this.agent.vx, this.agent.vy);
  }

  /** The current scene with the agent drawn at p instead (goal images, cost heat maps). */
  observeAgentAt(p: Vec2, velocity: Vec2 = { x: 0, y: 0 }): Observation {
    if (!isFiniteVec(p))
      throw new RangeError(`World.observeAgentAt: p must be {x, y} finite, got ${JSON.stringify(p)}`);
    if (!isFiniteVec(velocity)) {
      throw new RangeError(
        `World.observeAgentAt: velocity must be {x, y} finite, got ${JSON.stringify(velocity)}`,
      );
    }
    return this.render(p.x, p.y, velocity.x, velocity.y);
  }

  info(): StepInfo {
    const { x, y, vx, vy } = this.agent;
    const goalDistance = Math.hypot(this.goal.x - x, this.goal.y - y);
    const success = goalDistance <= this.scenario.episode.successRadius;
    return {
      position: { x, y },
      velocity: { x: vx, y: vy },
      goal: { ...this.goal },
      goalDistance,
      wallDistance: this.wallDistanceAt(x, y),
      collided: this.collided,
      inHazard: this.inHazardAt(x, y),
      hazardTime: this.hazardTime,
      step: this.stepIndex,
      success,
      done: success || this.stepIndex >= this.scenario.episode.maxSteps,
    };
  }

  snapshot(): WorldSnapshot {
    const l = cloneLayout(this.layout);
    const { x, y, vx, vy } = this.agent;
    return {
      scenario: this.scenario.name,
      arena: { width: this.scenario.arena.width, height: this.scenario.arena.height },
      walls: l.walls,
      doors: l.doors,
      hazards: l.hazards,
      boxes: this.boxes.map((b, i) => {
        const shape = this.layout.boxes[i]!;
        return { id: shape.id, x: b.x, y: b.y, w: shape.w, h: shape.h, angle: b.angle };
      }),
      agent: { position: { x, y }, velocity: { x: vx, y: vy }, radius: this.scenario.agent.radius },
      goal: { position: { ...this.goal }, radius: this.scenario.episode.successRadius },
      episode: this.episode,
      step: this.stepIndex,
      maxSteps: this.scenario.episode.maxSteps,
      success: this.info().success,
      hazardTime: this.hazardTime,
    };
  }

  /** Moves the goal to the nearest spot where the agent's disc fits (boxes ignored: they can be pushed). */
  setGoal(p: Vec2): Vec2 {
    if (!isFiniteVec(p))
      throw new RangeError(`World.setGoal: p must be {x, y} finite, got ${JSON.stringify(p)}`);
    const q = this.nearestFree(p, this.scenario.agent.radius, false);
    this.goal = q;
    return { ...q };
  }

  /** Drag: puts the agent at the nearest position where its disc fits, at rest. */
  placeAgent(p: Vec2): Vec2 {
    if (!isFiniteVec(p))
      throw new RangeError(`World.placeAgent: p must be {x, y} finite, got ${JSON.stringify(p)}`);
    const q = this.nearestFree(p, this.scenario.agent.radius, true);
    this.agent = { x: q.x, y: q.y, vx: 0, vy: 0 };
    this.collided = false;
    return { ...q };
  }

  /** Opens or closes a door. Returns false, changing nothing, when closing it would trap the agent or a box. */
  setDoorOpen(id: string, open: boolean): boolean {
    const door = this.layout.doors.find((d) => d.id === id);
    if (!door) {
      const known = this.layout.doors.map((d) => `"${d.id}"`).join(', ') || 'none';
      throw new Error(`World.setDoorOpen: no door "${id}" in this episode (doors: ${known})`);
    }
    if (door.open === open) return true;
    if (!open) {
      const r = door.rect;
      const { x, y } = this.agent;
      if (pointRectDistance(x, y, r) < this.scenario.agent.radius + DOOR_MARGIN) return false;
      for (let i = 0; i < this.boxes.length; i++) {
        const b = this.boxes[i]!;
        const shape = this.layout.boxes[i]!;
        if (orientedBoxOverlapsRect(b.x, b.y, shape.w / 2, shape.h / 2, b.angle, r, DOOR_MARGIN))
          return false;
      }
    }
    door.open = open;
    this.statics = this.computeStatics(this.layout);
    this.redrawStatic();
    return true;
  }

  saveState(): WorldState {
    return {
      version: 1,
      scenario: this.scenario.name,
      episode: this.episode,
      step: this.stepIndex,
      layout: cloneLayout(this.layout),
      agent: { ...this.agent },
      boxes: this.boxes.map((b) => ({ ...b })),
      goal: { ...this.goal },
      hazardTime: this.hazardTime,
      collided: this.collided,
      rng: this.rng.getState(),
    };
  }

  loadState(s: WorldState): void {
    const fail = (what: string) => {
      throw new Error(`World.loadState: ${what}`);
    };
    if (s?.version !== 1) fail(`unsupported state version ${JSON.stringify(s?.version)}`);
    if (s.scenario !== this.scenario.name) {
      fail(`state is from scenario "${s.scenario}", this world runs "${this.scenario.name}"`);
    }
    const nums: [string, unknown][] = [
      ['step', s.step],
      ['episode', s.episode],
      ['hazardTime', s.hazardTime],
      ['agent.x', s.agent?.x],
      ['agent.y', s.agent?.y],
      ['agent.vx', s.agent?.vx],
      ['agent.vy', s.agent?.vy],
      ['goal.x', s.goal?.x],
      ['goal.y', s.goal?.y],
    ];
    for (const [name, v] of nums)
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${name} is not a finite number`);
    if (
      !Array.isArray(s.boxes) ||
      !s.layout ||
      !Array.isArray(s.layout.boxes) ||
      s.boxes.length !== s.layout.boxes.length
    ) {
      fail('boxes do not match the layout');
    }
    if (!Array.isArray(s.rng) || s.rng.length !== 4) fail('rng must be four integers');
    const layout = cloneLayout(s.layout);
    const rng = createRng(0);
    rng.setState(s.rng);
    this.rng = rng;
    this.layout = layout;
    this.statics = this.computeStatics(layout);
    this.episode = s.episode;
    this.stepIndex = s.step;
    this.agent = { ...s.agent };
    this.boxes = s.boxes.map((b) => ({ ...b }));
    this.goal = { ...s.goal };
    this.hazardTime = s.hazardTime;
    this.collided = s.collided === true;
    this.redrawStatic();
  }

  /** Whether a disc of this radius fits at p: inside the arena, clear of walls, closed doors and boxes. */
  freeSpaceAt(p: Vec2, radius: number): boolean {
    if (!isFiniteVec(p) || !Number.isFinite(radius) || radius < 0) return false;
    return this.fits(p, radius, this.statics, this.layout, this.boxes);
  }

  // ---- internals ----

  private computeStatics(layout: EpisodeLayout): Rect[] {
    const { width: W, height: H } = this.scenario.arena;
    // The border lies just outside the arena so the whole arena is usable and the image shows no frame.
    const t = 1;
    return [
      ...layout.walls,
      ...layout.doors.filter((d) => !d.open).map((d) => d.rect),
      { x: -t, y: -t, w: W + 2 * t, h: t },
      { x: -t, y: H, w: W + 2 * t, h: t },
      { x: -t, y: 0, w: t, h: H },
      { x: W, y: 0, w: t, h: H },
    ];
  }

  private fits(
    p: Vec2,
    radius: number,
    statics: readonly Rect[],
    layout: EpisodeLayout,
    boxes: readonly BoxBody[] | null,
  ): boolean {
    const { width: W, height: H } = this.scenario.arena;
    if (p.x < radius || p.y < radius || p.x > W - radius || p.y > H - radius) return false;
    for (const r of statics) if (pointRectDistance(p.x, p.y, r) < radius) return false;
    if (boxes) {
      for (let i = 0; i < boxes.length; i++) {
        const b = boxes[i]!;
        const shape = layout.boxes[i]!;
        if (orientedBoxSdf(p.x, p.y, b.x, b.y, shape.w / 2, shape.h / 2, b.angle) < radius) return false;
      }
    }
    return true;
  }

  private nearestFree(p: Vec2, radius: number, withBoxes: boolean): Vec2 {
    const r = radius + SNAP_CLEARANCE;
    const boxes = withBoxes ? this.boxes : null;
    const { width: W, height: H } = this.scenario.arena;
    const clamp = (q: Vec2): Vec2 => ({
      x: Math.min(Math.max(q.x, r), W - r),
      y: Math.min(Math.max(q.y, r), H - r),
    });
    const ok = (q: Vec2) => this.fits(q, r, this.statics, this.layout, boxes);
    const start = clamp(p);
    if (ok(start)) return start;
    // Candidates: pushed straight out of each overlapping wall, then once more out of the next one
    // (corners). Nearest free candidate wins; a ring search covers what this misses (boxes, tight gaps).
    const candidates: Vec2[] = [];
    const pushAll = (q: Vec2, depth: number) => {
      for (const rect of this.statics) {
        if (pointRectDistance(q.x, q.y, rect) >= r) continue;
        const c = clamp(pushOutOfRect(q, rect, r + 1e-9));
        candidates.push(c);
        if (depth > 0) pushAll(c, depth - 1);
      }
    };
    pushAll(start, 1);
    let best: Vec2 | null = null;
    let bestD = Number.POSITIVE_INFINITY;
    for (const c of candidates) {
      const d = Math.hypot(c.x - p.x, c.y - p.y);
      if (d < bestD && ok(c)) {
        best = c;
        bestD = d;
      }
    }
    const stepLen = 0.02;
    const maxR = Math.hypot(W, H);
    for (let rr = stepLen; rr < Math.min(bestD, maxR); rr += stepLen) {
      const n = Math.max(16, Math.ceil((2 * Math.PI * rr) / stepLen));
      let ringBest: Vec2 | null = null;
      let ringD = Number.POSITIVE_INFINITY;
      for (let k = 0; k < n; k++) {
        const a = (2 * Math.PI * k) / n;
        const c = clamp({ x: start.x + rr * Math.cos(a), y: start.y + rr * Math.sin(a) });
        const d = Math.hypot(c.x - p.x, c.y - p.y);
        if (d < ringD && ok(c)) {
          ringBest = c;
          ringD = d;
        }
      }
      if (ringBest && ringD < bestD) return ringBest;
    }
    if (best) return best;
    throw new Error(`no free spot for a disc of radius ${radius} anywhere in the arena`);
  }

  private wallDistanceAt(x: number, y: number): number {
    const { width: W, height: H } = this.scenario.arena;
    let d = Math.min(x, y, W - x, H - y);
    for (const r of this.statics) d = Math.min(d, pointRectDistance(x, y, r));
    return Math.max(0, d - this.scenario.agent.radius);
  }

  private inHazardAt(x: number, y: number): boolean {
    for (const h of this.layout.hazards) {
      if (h.shape === 'rect') {
        if (pointInRect(x, y, h.rect)) return true;
      } else if (
        h.center &&
        h.radius !== undefined &&
        Math.hypot(x - h.center.x, y - h.center.y) <= h.radius
      ) {
        return true;
      }
    }
    return false;
  }

  private canvas(data: Float32Array, channel: number): Canvas {
    const S = this.obsSize;
    return {
      data,
      offset: channel * S * S,
      size: S,
      sx: S / this.scenario.arena.width,
      sy: S / this.scenario.arena.height,
    };
  }

  private redrawStatic(): void {
    const img = this.staticImage;
    img.fill(0);
    drawRects(this.canvas(img, CH_WALLS), [
      ...this.layout.walls,
      ...this.layout.doors.filter((d) => !d.open).map((d) => d.rect),
    ]);
    drawHazards(this.canvas(img, CH_HAZARDS), this.layout.hazards);
  }

  private render(ax: number, ay: number, vx: number, vy: number): Observation {
    const image = this.staticImage.slice();
    drawDisc(this.canvas(image, CH_AGENT), ax, ay, this.scenario.agent.radius);
    const boxCanvas = this.canvas(image, CH_BOXES);
    for (let i = 0; i < this.boxes.length; i++) {
      const b = this.boxes[i]!;
      const shape = this.layout.boxes[i]!;
      drawOrientedBox(boxCanvas, b.x, b.y, shape.w, shape.h, b.angle);
    }
    const proprio = new Float32Array(PROPRIO_DIM);
    proprio[0] = vx / this.topSpeed;
    proprio[1] = vy / this.topSpeed;
    return { image, size: this.obsSize, channels: OBS_CHANNELS.length, proprio };
  }
}
