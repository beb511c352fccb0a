// Which Phaser renderer draws the world, and why, from what the browser's WebGL reports.
//
// WebGL is the renderer when it runs on a GPU. Where it is a software rasteriser (SwiftShader,
// llvmpipe: machines without a usable GPU), Chromium composites the page in software and reads the
// WebGL canvas back every frame, waiting for the rasteriser: 55 ms a frame on a 2-core machine,
// 13-25 fps while the agent plans (docs/BENCHMARKS.md, session 10). Canvas 2D draws the same scene
// on the CPU without that round trip (about 60 fps there, session 11), so it is chosen instead.
// `draw=` in the link overrides the choice.

export const RENDERER_CHOICES = ['auto', 'webgl', 'canvas'] as const;
export type RendererChoice = (typeof RENDERER_CHOICES)[number];
export type RendererType = 'webgl' | 'canvas';

/** What a throwaway WebGL context said about this browser (src/view/webgl-probe.ts). */
export interface WebglProbe {
  /** A WebGL context could be made at all. */
  available: boolean;
  /** The browser refused a context with `failIfMajorPerformanceCaveat` (it would be slow: software). */
  caveat: boolean;
  /** The renderer string (unmasked where the browser allows), or null. */
  name: string | null;
}

export interface RendererDecision {
  type: RendererType;
  /** One sentence a user reads: why this renderer draws the world. */
  why: string;
  /** The software rasteriser's short name when WebGL was found to be one, else null. */
  software: string | null;
}

// Renderer strings of the software rasterisers browsers fall back to.
const SOFTWARE_NAMES: readonly [RegExp, string][] = [
  [/swiftshader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/softpipe/i, 'softpipe'],
  [/microsoft basic render/i, 'Microsoft Basic Render Driver'],
  [/software rasterizer|software renderer/i, 'a software rasteriser'],
];

/** The short name of the software rasteriser behind a WebGL renderer string, or null for a GPU. */
export function softwareRasteriser(name: string | null): string | null {
  if (!name) return null;
  for (const [pattern, short] of SOFTWARE_NAMES) if (pattern.test(name)) return short;
  return null;
}

export function chooseRenderer(choice: RendererChoice, probe: WebglProbe): RendererDecision {
  const software = probe.available
    ? (softwareRasteriser(probe.name) ?? (probe.caveat ? 'a slow (software) implementation' : null))
    : null;
  if (choice === 'canvas') {
    return { type: 'canvas', why: 'Canvas 2D, as draw=canvas in the link asks.', software };
  }
  if (!probe.available) {
    return {
      type: 'canvas',
      why:
        choice === 'webgl'
          ? 'Canvas 2D: draw=webgl in the link asks for WebGL, but this browser gave no WebGL context.'
          : 'Canvas 2D: this browser gave no WebGL context.',
      software,
    };
  }
  if (choice === 'webgl') {
    return {
      type: 'webgl',
      why: `WebGL, as draw=webgl in the link asks${software ? ` (it runs on ${software}, in software)` : ''}.`,
      software,
    };
  }
  if (software) {
    return {
      type: 'canvas',
      why:
        `Canvas 2D: WebGL here runs on ${software}, on the CPU, and the browser would read every frame ` +
        'back from it, which is several times slower. draw=webgl in the link forces WebGL.',
      software,
    };
  }
  return { type: 'webgl', why: `WebGL on the GPU (${probe.name ?? 'renderer not named'}).`, software };
}
