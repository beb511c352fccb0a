import { describe, expect, it } from 'vitest';
import { ByteStore } from './byte-store';

const bytes = (...v: number[]) => new Uint8Array(v);
const read = async (s: ByteStore) => [...new Uint8Array(await s.toBlob('video/mp4').arrayBuffer())];

describe('ByteStore', () => {
  it('appends in order', async () => {
    const s = new ByteStore();
    s.write(0, bytes(1, 2, 3));
    s.write(3, bytes(4, 5));
    expect(s.size).toBe(5);
    expect(await read(s)).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets a later write patch bytes written earlier, across pieces', async () => {
    const s = new ByteStore();
    s.write(0, bytes(0, 0, 0, 0));
    s.write(4, bytes(1, 1, 1, 1));
    s.write(8, bytes(2, 2));
    s.write(2, bytes(9, 9, 9, 9)); // a size field straddling two pieces
    s.write(0, bytes(7)); // a header byte
    expect(await read(s)).toEqual([7, 0, 9, 9, 9, 9, 1, 1, 2, 2]);
    expect(s.size).toBe(10);
  });

  it('copies what it is given (the muxer reuses its buffers)', async () => {
    const s = new ByteStore();
    const buf = bytes(1, 2);
    s.write(0, buf);
    buf[0] = 99;
    expect(await read(s)).toEqual([1, 2]);
  });

  it('takes writes from a stream, as mediabunny sends them', async () => {
    const s = new ByteStore();
    const w = s.writable().getWriter();
    await w.write({ type: 'write', data: bytes(5, 6, 7), position: 0 });
    await w.write({ type: 'write', data: bytes(8), position: 1 });
    await w.close();
    expect(await read(s)).toEqual([5, 8, 7]);
  });

  it('refuses a position that is not a byte offset', () => {
    expect(() => new ByteStore().write(-1, bytes(1))).toThrow(/position -1/);
  });
});
