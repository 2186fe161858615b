import { Transform, type TransformCallback } from 'node:stream';

/**
 * Text encodings of the CSV files people really send: UTF-8 (with or without the BOM Excel adds),
 * GBK / GB18030 (Chinese Excel's "CSV" on Windows) and UTF-16 (Excel's "Unicode text").
 */
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** Bytes looked at, from the first non-ASCII byte on, to tell UTF-8 from GB18030. */
const SNIFF_BYTES = 64 * 1024;

/**
 * UTF-8 when the bytes decode as strict UTF-8, else GB18030 (a superset of GBK and GB2312).
 * Chinese text in GBK is almost never valid UTF-8, so the strict decode decides reliably.
 */
export function sniffEncoding(sample: Uint8Array): 'utf-8' | 'gb18030' {
  try {
    // stream: true tolerates a multi-byte character cut off at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function bomOf(head: Buffer): { encoding: TextEncoding; length: number } | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

export class EncodingError extends Error {}

/**
 * Bytes in, text out, deciding the encoding on the way without reading the file twice: a BOM
 * decides at once; otherwise ASCII passes through (it reads the same in every candidate) until the
 * first non-ASCII bytes, which are sniffed. Only the undecided tail is ever buffered.
 */
export class DecodeStream extends Transform {
  private decoder: TextDecoder | null = null;
  private pending: Buffer = Buffer.alloc(0);
  private started = false;
  detected: TextEncoding | null = null;

  constructor() {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
  }

  private decide(encoding: TextEncoding): void {
    this.detected = encoding;
    // Strict for UTF-8, so a file that is neither UTF-8 nor GBK fails loudly instead of importing mojibake.
    this.decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  }

  private decode(bytes: Buffer, final: boolean): string {
    try {
      return this.decoder!.decode(bytes, { stream: !final });
    } catch {
      throw new EncodingError('the file mixes text encodings');
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      let bytes = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      this.pending = Buffer.alloc(0);
      if (!this.started) {
        if (bytes.length < 3) {
          this.pending = bytes;
          return done();
        }
        this.started = true;
        const bom = bomOf(bytes);
        if (bom) {
          this.decide(bom.encoding);
          bytes = bytes.subarray(bom.length);
        }
      }
      if (this.decoder) return done(null, this.decode(bytes, false));
      const firstHigh = bytes.findIndex((b) => b >= 0x80);
      if (firstHigh < 0) return done(null, bytes.toString('latin1'));
      if (bytes.length - firstHigh < SNIFF_BYTES) {
        // Too little non-ASCII text to judge yet: emit the ASCII part, keep the rest.
        this.pending = bytes.subarray(firstHigh);
        return done(null, bytes.subarray(0, firstHigh).toString('latin1'));
      }
      this.decide(sniffEncoding(bytes.subarray(firstHigh, firstHigh + SNIFF_BYTES)));
      done(null, bytes.subarray(0, firstHigh).toString('latin1') + this.decode(bytes.subarray(firstHigh), false));
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      let out = '';
      if (!this.decoder) {
        const bom = this.started ? null : bomOf(this.pending);
        if (bom) {
          this.decide(bom.encoding);
          this.pending = this.pending.subarray(bom.length);
        } else if (this.pending.some((b) => b >= 0x80)) {
          this.decide(sniffEncoding(this.pending));
        } else {
          this.detected ??= 'utf-8';
          return done(null, this.pending.toString('latin1'));
        }
      }
      out = this.decode(this.pending, true);
      this.pending = Buffer.alloc(0);
      done(null, out);
    } catch (err) {
      done(err as Error);
    }
  }
}
