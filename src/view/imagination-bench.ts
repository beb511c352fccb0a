// Times the ghost-trail drawing for a synthetic plan of K candidates over H steps, in the running
// page (window.__jepa.benchImagination): the main-thread cost of building the Graphics commands, and
// the frame time while that plan stays drawn. Speed lives here, never in test assertions.
import type Phaser from 'phaser';
import type { ArenaTransform } from './arena-transform';
import { drawImagination, type PlanPicture } from './imagination';

export function syntheticPlan(K: number, H: number, arena: { width: number; height: number }): PlanPicture {
  const trajectories = new Float32Array(K * (H + 1) * 2);
  for (let k = 0; k < K; k++) {
    const angle = (2 * Math.PI * k) / K;
    for (let j = 0; j <= H; j++) {
      const r = (j / H) * Math.min(arena.width, arena.height) * 0.4;
      const o = (k * (H + 1) + j) * 2;
      trajectories[o] = arena.width / 2 + r * Math.cos(angle + j * 0.05);
      trajectories[o + 1] = arena.height / 2 + r * Math.sin(angle + j * 0.05);
    }
  }
  const candidateCosts = Float32Array.from({ length: K }, (_, k) => Math.abs(Math.sin(k * 1.7)) * 10);
  return { K, H, trajectories, chosen: 0, candidateCosts };
}

/** Mean milliseconds per drawImagination call over `repeats` draws. */
export function timeImagination(
  g: Phaser.GameObjects.Graphics,
  t: ArenaTransform,
  K: number,
  H: number,
  repeats = 50,
): number {
  const plan = syntheticPlan(K, H, t.arena);
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) drawImagination(g, plan, t);
  return (performance.now() - t0) / repeats;
}
