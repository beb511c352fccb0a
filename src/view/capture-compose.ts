// One video frame: the scene scaled to fit (letterboxed on the background colour) above a caption
// strip that says what is shown: scenario, seed, episode, step, the plan's cost, speed and mode.
import { PALETTE } from './palette';

export interface Caption {
  /** Left side, e.g. "two-rooms · seed 7". */
  title: string;
  /** Right side, e.g. "episode 2 · step 41/300 · cost 1.23". */
  detail: string;
}

/** Caption strip height for a frame of this height: readable at 480p, not greedy at 1080p. */
export function captionHeight(frameHeight: number): number {
  return 2 * Math.round(Math.max(20, frameHeight * 0.045) / 2);
}

/** Where the scene lands inside the area above the caption: aspect kept, centred. */
export function fitScene(
  sceneW: number,
  sceneH: number,
  areaW: number,
  areaH: number,
): { x: number; y: number; w: number; h: number } {
  const s = Math.min(areaW / Math.max(1, sceneW), areaH / Math.max(1, sceneH));
  const w = sceneW * s;
  const h = sceneH * s;
  return { x: (areaW - w) / 2, y: (areaH - h) / 2, w, h };
}

const hex = (c: number) => `#${c.toString(16).padStart(6, '0')}`;

export function composeFrame(
  ctx: CanvasRenderingContext2D,
  scene: HTMLCanvasElement,
  caption: Caption,
): void {
  const { width, height } = ctx.canvas;
  const strip = captionHeight(height);
  ctx.fillStyle = hex(PALETTE.background);
  ctx.fillRect(0, 0, width, height);
  const r = fitScene(scene.width, scene.height, width, height - strip);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(scene, r.x, r.y, r.w, r.h);
  ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.fillRect(0, height - strip, width, strip);
  const font = Math.round(strip * 0.5);
  const pad = Math.round(strip * 0.5);
  const mid = height - strip / 2;
  ctx.textBaseline = 'middle';
  ctx.font = `600 ${font}px system-ui, sans-serif`;
  ctx.textAlign = 'left';
  ctx.fillStyle = '#e8edf4';
  ctx.fillText(caption.title, pad, mid, width * 0.45);
  ctx.font = `${font}px ui-monospace, monospace`;
  ctx.textAlign = 'right';
  ctx.fillStyle = '#b9c3d0';
  ctx.fillText(caption.detail, width - pad, mid, width * 0.52);
}
