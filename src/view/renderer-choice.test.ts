import { describe, expect, it } from 'vitest';
import { chooseRenderer, softwareRasteriser, type WebglProbe } from './renderer-choice';

const SWIFTSHADER =
  'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const GPU = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0, D3D11)';

const probe = (p: Partial<WebglProbe>): WebglProbe => ({ available: true, caveat: false, name: GPU, ...p });

describe('softwareRasteriser', () => {
  it('names the software rasterisers and not GPUs', () => {
    expect(softwareRasteriser(SWIFTSHADER)).toBe('SwiftShader');
    expect(softwareRasteriser('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(softwareRasteriser('Microsoft Basic Render Driver')).toBe('Microsoft Basic Render Driver');
    expect(softwareRasteriser(GPU)).toBeNull();
    expect(softwareRasteriser('Apple M2')).toBeNull();
    expect(softwareRasteriser(null)).toBeNull();
  });
});

describe('chooseRenderer', () => {
  it('draws with WebGL on a GPU', () => {
    const d = chooseRenderer('auto', probe({}));
    expect(d.type).toBe('webgl');
    expect(d.why).toContain('RTX 3060');
    expect(d.software).toBeNull();
  });

  it('draws with Canvas 2D where WebGL is SwiftShader, and says why and how to override', () => {
    const d = chooseRenderer('auto', probe({ name: SWIFTSHADER }));
    expect(d.type).toBe('canvas');
    expect(d.software).toBe('SwiftShader');
    expect(d.why).toContain('SwiftShader');
    expect(d.why).toContain('draw=webgl');
  });

  it('treats a refused no-caveat context as software even when the name is masked', () => {
    const d = chooseRenderer('auto', probe({ name: 'WebKit WebGL', caveat: true }));
    expect(d.type).toBe('canvas');
    expect(d.software).toContain('software');
  });

  it('falls back to Canvas 2D without WebGL, also when WebGL was asked for', () => {
    const none = probe({ available: false, name: null });
    expect(chooseRenderer('auto', none)).toMatchObject({ type: 'canvas', software: null });
    const asked = chooseRenderer('webgl', none);
    expect(asked.type).toBe('canvas');
    expect(asked.why).toContain('no WebGL context');
  });

  it('follows the link: draw=webgl on software, draw=canvas on a GPU', () => {
    const forced = chooseRenderer('webgl', probe({ name: SWIFTSHADER }));
    expect(forced.type).toBe('webgl');
    expect(forced.why).toContain('SwiftShader');
    expect(chooseRenderer('canvas', probe({})).type).toBe('canvas');
  });
});
