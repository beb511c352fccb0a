// Reads a recorded file back with mediabunny, as a player would: container, codec, size, duration,
// frame count, and a few decoded frames' brightness, tiled into one PNG to look at. The
// end-to-end test and the devtools console use it (`__jepa.recorder.inspect(base64)`).
import { ALL_FORMATS, BufferSource, CanvasSink, Input } from 'mediabunny';

export interface FrameLook {
  timestamp: number;
  /** Mean luminance 0..255 (Rec. 601 weights). */
  mean: number;
  /** Standard deviation of luminance: 0 for a flat frame. */
  spread: number;
}

export interface VideoReport {
  format: string;
  mimeType: string;
  codec: string | null;
  width: number;
  height: number;
  duration: number;
  frames: number;
  frameRate: number;
  looks: FrameLook[];
  /** The sampled frames tiled in time order (left to right, top to bottom) as a PNG data URL. */
  png: string;
}

export async function inspectVideo(bytes: Uint8Array, samples = 4): Promise<VideoReport> {
  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
  try {
    const format = (await input.getFormat()).name;
    const mimeType = await input.getMimeType();
    const track = await input.getPrimaryVideoTrack();
    if (!track) throw new Error('the file has no video track');
    const duration = await input.computeDuration();
    const stats = await track.computePacketStats();
    const first = await track.getFirstTimestamp();
    const sink = new CanvasSink(track, { poolSize: 1 });
    const scratch = document.createElement('canvas');
    scratch.width = track.displayWidth;
    scratch.height = track.displayHeight;
    const ctx = scratch.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas to read frames into');
    const looks: FrameLook[] = [];
    const cols = Math.ceil(Math.sqrt(samples));
    const rows = Math.ceil(samples / cols);
    const sheet = document.createElement('canvas');
    sheet.width = scratch.width;
    sheet.height = scratch.height;
    const sheetCtx = sheet.getContext('2d');
    for (let k = 0; k < samples; k++) {
      const t = first + ((duration - first) * (k + 0.5)) / samples;
      const frame = await sink.getCanvas(t);
      if (!frame) continue;
      ctx.drawImage(frame.canvas, 0, 0, scratch.width, scratch.height);
      looks.push({
        timestamp: frame.timestamp,
        ...luminance(ctx.getImageData(0, 0, scratch.width, scratch.height)),
      });
      const w = sheet.width / cols;
      const h = sheet.height / rows;
      sheetCtx?.drawImage(scratch, (k % cols) * w, Math.floor(k / cols) * h, w, h);
    }
    const png = sheet.toDataURL('image/png');
    sheet.width = 0;
    return {
      format,
      mimeType,
      codec: await track.getCodec(),
      width: track.displayWidth,
      height: track.displayHeight,
      duration,
      frames: stats.packetCount,
      frameRate: stats.averagePacketRate,
      looks,
      png,
    };
  } finally {
    input.dispose();
  }
}

function luminance(image: ImageData): { mean: number; spread: number } {
  const d = image.data;
  let sum = 0;
  let sq = 0;
  const n = d.length / 4;
  for (let i = 0; i < d.length; i += 4) {
    const y = 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
    sum += y;
    sq += y * y;
  }
  const mean = sum / n;
  return { mean, spread: Math.sqrt(Math.max(0, sq / n - mean * mean)) };
}
