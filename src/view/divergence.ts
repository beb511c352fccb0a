// "Where the imagined path and the real one part ways": a plan made at step t imagines where the
// agent will be at t+1..t+H; the agent then really goes somewhere. The tracker keeps one reference
// plan until its horizon has passed, records the real positions step by step, and finds the first
// step where the two are more than a threshold apart. Pure data; drawDivergence draws it.
import type Phaser from 'phaser';
import type { Vec2 } from '../world/types';
import { type ArenaTransform, toScreen } from './arena-transform';

/** Farther apart than this (metres) counts as parting ways: about the agent's diameter. */
export const DIVERGENCE_METRES = 0.5;
/** A split fades out over this many world steps after it happened (4 s at 10 steps/s). */
export const DIVERGENCE_FADE_STEPS = 40;

/** How visible a split is `age` steps after it happened: 1 at once, 0 after the fade. */
export function divergenceAlpha(age: number): number {
  return Math.max(0, Math.min(1, 1 - age / DIVERGENCE_FADE_STEPS));
}

export interface ReferencePlan {
  /** Episode and world step of the observation the plan was made from. */
  episode: number;
  step: number;
  /** Imagined positions s_0..s_H (s_j is j steps after `step`). */
  imagined: Vec2[];
}

export interface Divergence {
  plan: ReferencePlan;
  /** real[j]: where the agent was j steps after plan.step (as far as it has got). */
  real: Vec2[];
  /** The first j >= 1 where imagined and real are farther apart than the threshold, else null. */
  splitAt: number | null;
}

export class DivergenceTracker {
  private current: Divergence | null = null;
  private split: Divergence | null = null;

  constructor(private readonly threshold = DIVERGENCE_METRES) {}

  /** The reference plan being followed now. */
  get state(): Divergence | null {
    return this.current;
  }

  /**
   * The latest reference that parted ways (kept until a newer one does, or the episode ends; drawn
   * fading over DIVERGENCE_FADE_STEPS): a split lasts a fraction of a second in the live reference,
   * too short to see.
   */
  get lastSplit(): Divergence | null {
    return this.split;
  }

  /**
   * A new plan: taken as the reference only when there is none, the episode changed, or the
   * reference's horizon has fully played out (so each reference is compared over its whole horizon).
   */
  offer(plan: ReferencePlan, now: { episode: number; step: number }): void {
    const c = this.current;
    const expired =
      !c || c.plan.episode !== now.episode || now.step >= c.plan.step + c.plan.imagined.length - 1;
    if (!expired || plan.episode !== now.episode || plan.imagined.length < 2) return;
    this.current = { plan, real: [], splitAt: null };
  }

  /** The agent's real position at a world step; steps before the plan or past its horizon are ignored. */
  observe(episode: number, step: number, p: Vec2): void {
    const c = this.current;
    if (!c) return;
    if (episode !== c.plan.episode) {
      this.clear();
      return;
    }
    const j = step - c.plan.step;
    if (j < 0 || j >= c.plan.imagined.length) return;
    c.real[j] = { x: p.x, y: p.y };
    if (c.splitAt === null && j >= 1) {
      const q = c.plan.imagined[j]!;
      if (Math.hypot(q.x - p.x, q.y - p.y) > this.threshold) {
        c.splitAt = j;
        this.split = c;
      }
    }
  }

  clear(): void {
    this.current = null;
    this.split = null;
  }
}

const IMAGINED = 0xe8f6ff;
const REAL = 0x4cc9f0;
const SPLIT = 0xff7b3b;

/**
 * The reference plan as a thin dashed-looking path: solid up to the split, faded after it; the
 * split marked by a ring on the imagined point and a line to where the agent really was.
 */
export function drawDivergence(
  g: Phaser.GameObjects.Graphics,
  d: Divergence | null,
  t: ArenaTransform,
  alpha = 1,
): void {
  g.clear();
  if (!d || d.splitAt === null || alpha <= 0) return;
  const pts = d.plan.imagined.map((p) => toScreen(t, clampTo(t, p)));
  const k = d.splitAt;
  const path = (from: number, to: number, width: number, color: number, alpha: number) => {
    if (to - from < 1) return;
    g.lineStyle(width, color, alpha);
    g.beginPath();
    g.moveTo(pts[from]!.x, pts[from]!.y);
    for (let j = from + 1; j <= to; j++) g.lineTo(pts[j]!.x, pts[j]!.y);
    g.strokePath();
  };
  path(0, k - 1, 1.5, IMAGINED, 0.45 * alpha);
  path(k - 1, pts.length - 1, 1.5, IMAGINED, 0.18 * alpha);
  const at = pts[k]!;
  const real = d.real[k];
  if (real) {
    const r = toScreen(t, clampTo(t, real));
    g.lineStyle(1.5, SPLIT, 0.8 * alpha);
    g.lineBetween(at.x, at.y, r.x, r.y);
    g.fillStyle(REAL, 0.9 * alpha);
    g.fillCircle(r.x, r.y, 2.5);
  }
  g.lineStyle(2, SPLIT, 0.95 * alpha);
  g.strokeCircle(at.x, at.y, 6);
  g.fillStyle(SPLIT, 0.95 * alpha);
  g.fillCircle(at.x, at.y, 2);
}

function clampTo(t: ArenaTransform, p: Vec2): Vec2 {
  return { x: Math.min(t.arena.width, Math.max(0, p.x)), y: Math.min(t.arena.height, Math.max(0, p.y)) };
}
