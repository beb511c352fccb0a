// The muxer's output, kept as encoded bytes in Blobs (which the browser may page out to disk),
// never as raw frames. Muxers write mostly at the end but go back to patch headers (MP4's mdat
// size, WebM's segment size and cues), so writes are kept as positioned pieces and a later write
// wins where it overlaps an earlier one.

interface Piece {
  start: number;
  end: number;
  blob: Blob;
  /** Where `start` falls inside `blob`. */
  offset: number;
}

export class ByteStore {
  private pieces: Piece[] = [];
  private sizeValue = 0;

  /** Bytes in the file so far (the furthest byte written). */
  get size(): number {
    return this.sizeValue;
  }

  write(position: number, data: Uint8Array): void {
    if (!Number.isInteger(position) || position < 0) {
      throw new Error(`ByteStore.write: position ${position} is not a byte offset`);
    }
    if (data.byteLength === 0) return;
    // A copy: the muxer reuses its buffers after the write resolves.
    const piece: Piece = {
      start: position,
      end: position + data.byteLength,
      blob: new Blob([data.slice() as Uint8Array<ArrayBuffer>]),
      offset: 0,
    };
    this.sizeValue = Math.max(this.sizeValue, piece.end);
    const last = this.pieces[this.pieces.length - 1];
    if (!last || piece.start >= last.end) {
      this.pieces.push(piece);
      return;
    }
    const kept: Piece[] = [];
    for (const p of this.pieces) {
      if (p.end <= piece.start || p.start >= piece.end) {
        kept.push(p);
        continue;
      }
      if (p.start < piece.start) kept.push({ ...p, end: piece.start });
      if (p.end > piece.end) {
        kept.push({ ...p, start: piece.end, offset: p.offset + (piece.end - p.start) });
      }
    }
    kept.push(piece);
    kept.sort((a, b) => a.start - b.start);
    this.pieces = kept;
  }

  /** The whole file; bytes never written (there should be none) read as zeros. */
  toBlob(type: string): Blob {
    const parts: Blob[] = [];
    let at = 0;
    for (const p of this.pieces) {
      if (p.start > at) parts.push(new Blob([new Uint8Array(p.start - at)]));
      parts.push(p.blob.slice(p.offset, p.offset + (p.end - p.start)));
      at = p.end;
    }
    return new Blob(parts, { type });
  }

  clear(): void {
    this.pieces = [];
    this.sizeValue = 0;
  }

  /** A stream for mediabunny's StreamTarget: each chunk is a positioned write. */
  writable(): WritableStream<{ type: 'write'; data: Uint8Array; position: number }> {
    return new WritableStream({ write: (chunk) => this.write(chunk.position, chunk.data) });
  }
}
