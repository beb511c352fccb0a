// WebCodecs through mediabunny: the composed canvas is encoded at exactly the timestamps given,
// and the muxer streams its output into a ByteStore, so memory holds encoded bytes only. Loaded on
// first use (mediabunny stays out of the page's first download).
import {
  CanvasSource,
  getFirstEncodableVideoCodec,
  Mp4OutputFormat,
  Output,
  Quality,
  StreamTarget,
  type VideoCodec,
  WebMOutputFormat,
} from 'mediabunny';
import { ByteStore } from './byte-store';
import type { FrameSink, SinkRequest } from './frame-sink';
import type { Container } from './options';

/** Codecs per container, best first. MP4 carries H.264 (plays everywhere); WebM carries VP9. */
const CODECS: Record<Container, VideoCodec[]> = { mp4: ['avc'], webm: ['vp9', 'vp8'] };
const CODEC_NAMES: Partial<Record<VideoCodec, string>> = { avc: 'H.264', vp9: 'VP9', vp8: 'VP8' };
/** Muxer output is gathered into pieces this large before it is stored (size shown, few Blobs). */
const CHUNK_BYTES = 256 * 1024;

/** For each container, the codec this browser can encode at this size and rate (null: none). */
export async function encodableCodecs(
  req: Pick<SinkRequest, 'width' | 'height' | 'fps' | 'bitrate'>,
): Promise<Record<Container, VideoCodec | null>> {
  const ask = (c: Container) =>
    getFirstEncodableVideoCodec(CODECS[c], {
      width: req.width,
      height: req.height,
      frameRate: req.fps,
      quality: new Quality({ bitrate: req.bitrate }),
    });
  const [mp4, webm] = await Promise.all([ask('mp4'), ask('webm')]);
  return { mp4, webm };
}

export async function openWebCodecsSink(canvas: HTMLCanvasElement, req: SinkRequest): Promise<FrameSink> {
  const codecs = await encodableCodecs(req);
  const order: Container[] = req.container === 'auto' ? ['mp4', 'webm'] : [req.container];
  const container = order.find((c) => codecs[c] !== null);
  const codec = container ? codecs[container] : null;
  if (!container || !codec) {
    throw new Error(
      `no ${order.map((c) => `${c.toUpperCase()} (${CODECS[c].join('/')})`).join(' or ')} encoder for ${req.width}×${req.height} at ${req.fps} fps`,
    );
  }
  const store = new ByteStore();
  const output = new Output({
    format: container === 'mp4' ? new Mp4OutputFormat() : new WebMOutputFormat(),
    target: new StreamTarget(store.writable() as WritableStream, { chunked: true, chunkSize: CHUNK_BYTES }),
  });
  const source = new CanvasSource(canvas, {
    codec,
    quality: new Quality({ bitrate: req.bitrate }),
    keyFrameInterval: 2,
    latencyMode: req.realtime ? 'realtime' : 'quality',
  });
  output.addVideoTrack(source, { frameRate: req.fps });
  await output.start();
  return {
    encoder: 'webcodecs',
    container,
    label: `${container.toUpperCase()} · ${CODEC_NAMES[codec] ?? codec}`,
    extension: container,
    frameExact: true,
    bytes: () => store.size,
    add: (timestamp, duration) => source.add(timestamp, duration),
    finish: async () => {
      await output.finalize();
      const blob = store.toBlob(output.format.mimeType);
      store.clear();
      return blob;
    },
    cancel: async () => {
      if (output.state !== 'canceled' && output.state !== 'finalized') await output.cancel();
      store.clear();
    },
  };
}
