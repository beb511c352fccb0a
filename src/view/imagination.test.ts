import type Phaser from 'phaser';
import { describe, expect, it } from 'vitest';
import { fitArena } from './arena-transform';
import { drawImagination, ghostStyles, type PlanPicture } from './imagination';
import { PALETTE } from './palette';

function plan(costs: number[], chosen: number): PlanPicture {
  const K = costs.length;
  return {
    K,
    H: 1,
    trajectories: new Float32Array(K * 2 * 2),
    chosen,
    candidateCosts: Float32Array.from(costs),
  };
}

describe('ghost trail styles', () => {
  it('draws the dearest first, the cheap ones brighter, and the chosen plan last and boldest', () => {
    const s = ghostStyles(plan([5, 1, 9, 3], 1));
    expect(s.map((g) => g.index)).toEqual([2, 0, 3, 1]);
    expect(s[0]!.alpha).toBeLessThan(s[2]!.alpha);
    expect(s[0]!.width).toBeLessThan(s[2]!.width);
    const chosen = s.at(-1)!;
    expect(chosen.width).toBeGreaterThan(Math.max(...s.slice(0, -1).map((g) => g.width)));
  });

  it('colours the dearest warm (red above blue) and the cheapest cool', () => {
    const s = ghostStyles(plan([0, 10, 5], 2));
    const red = (c: number) => (c >> 16) & 0xff;
    const blue = (c: number) => c & 0xff;
    const dear = s.find((g) => g.index === 1)!;
    const cheap = s.find((g) => g.index === 0)!;
    expect(red(dear.color)).toBeGreaterThan(blue(dear.color));
    expect(blue(cheap.color)).toBeGreaterThan(red(cheap.color));
  });

  it('treats a diverged (NaN) candidate as the dearest', () => {
    const s = ghostStyles(plan([1, Number.NaN, 2], 0));
    expect(s[0]!.index).toBe(1);
  });

  it('refuses a plan with fewer costs than candidates', () => {
    expect(() => ghostStyles({ ...plan([1, 2], 0), K: 3 })).toThrow(/2 costs for 3 candidates/);
  });
});

describe('the wall map overlay', () => {
  it('outlines exactly the cells the map reads as wall, inside their arena squares', () => {
    const rects: number[][] = [];
    const g = {
      clear() {},
      lineStyle() {},
      fillStyle() {},
      beginPath() {},
      moveTo() {},
      lineTo() {},
      strokePath() {},
      fillCircle() {},
      lineBetween() {},
      strokeRect(x: number, y: number, w: number, h: number) {
        rects.push([x, y, w, h]);
      },
    } as unknown as Phaser.GameObjects.Graphics;
    const t = fitArena({ width: 4, height: 4 }, 400, 400, 0);
    const cells = Float32Array.from([0, 0.9, 0, 0, 0, 0.6, 0, 0, 0.4, 0, 0, 0, 0, 0, 0, 1]);
    drawImagination(g, { ...plan([1], 0), seenWalls: { grid: 4, width: 4, height: 4, cells } }, t);
    expect(rects).toHaveLength(3); // 0.9, 0.6 and 1; not 0.4
    for (const [x, y, w, h] of rects) {
      expect(w).toBeGreaterThan(90);
      expect(w).toBeLessThan(100);
      expect(h).toBeGreaterThan(90);
      expect(x! >= 0 && y! >= 0 && x! + w! <= 400 && y! + h! <= 400).toBe(true);
    }
  });

  it('dots the route around the seen walls, in the route colour, at each point', () => {
    const dots: [number, number, number][] = [];
    let colour = -1;
    const g = {
      clear() {},
      lineStyle() {},
      fillStyle(c: number) {
        colour = c;
      },
      beginPath() {},
      moveTo() {},
      lineTo() {},
      strokePath() {},
      fillCircle(x: number, y: number) {
        dots.push([x, y, colour]);
      },
      lineBetween() {},
      strokeRect() {},
    } as unknown as Phaser.GameObjects.Graphics;
    const t = fitArena({ width: 4, height: 4 }, 400, 400, 0);
    const path = Float32Array.from([0.5, 0.5, 1.5, 0.5, 2.5, 1.5]);
    drawImagination(g, { ...plan([1], 0), route: { path } }, t);
    const routeDots = dots.filter((d) => d[2] === PALETTE.route);
    expect(routeDots).toHaveLength(3);
    expect(routeDots[0]![0]).toBeCloseTo(50, 0);
    expect(routeDots[2]![0]).toBeCloseTo(250, 0);
  });
});
