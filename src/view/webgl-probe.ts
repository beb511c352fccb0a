// Asks the browser, with a throwaway canvas, whether WebGL exists and what runs it, then frees the
// context so the game's own is not one too many (browsers cap live WebGL contexts per page).
import type { WebglProbe } from './renderer-choice';

export function probeWebgl(doc: Document): WebglProbe {
  const context = (
    attributes?: WebGLContextAttributes,
  ): WebGLRenderingContext | WebGL2RenderingContext | null => {
    try {
      const c = doc.createElement('canvas');
      return c.getContext('webgl2', attributes) ?? c.getContext('webgl', attributes);
    } catch {
      return null;
    }
  };
  const release = (gl: WebGLRenderingContext | WebGL2RenderingContext) =>
    gl.getExtension('WEBGL_lose_context')?.loseContext();

  const gl = context();
  if (!gl) return { available: false, caveat: false, name: null };
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const raw: unknown = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  release(gl);
  const fast = context({ failIfMajorPerformanceCaveat: true });
  if (fast) release(fast);
  return { available: true, caveat: !fast, name: typeof raw === 'string' && raw ? raw : null };
}
