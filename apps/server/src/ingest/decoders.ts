// The decoders of an ingest body's Content-Encoding, stricter than Node's own: a body that goes on
// after the end of its compressed stream is an error at once, whatever the coding, instead of being
// cut short silently (br, zstd) or left waiting for an end that never comes (deflate).

import type { TransformCallback } from 'node:stream';
import { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { VigieError } from '../errors.ts';

type Coding = 'gzip' | 'deflate' | 'br' | 'zstd';
// A Map, not an object: a Content-Encoding of "__proto__" must not find a prototype's member.
const CODINGS: ReadonlyMap<string, Coding> = new Map([
  ['gzip', 'gzip'],
  ['x-gzip', 'gzip'],
  ['deflate', 'deflate'],
  ['br', 'br'],
  ['zstd', 'zstd'],
]);

/** What Node's decoders have in common: a Transform that counts the input bytes it consumed. */
type NodeDecoder = Transform & { readonly bytesWritten: number };

/**
 * The decoders for a Content-Encoding header, in the order they must run (the reverse of the
 * header's). Throws 415 `unsupported_encoding` for a coding Vigie cannot undo.
 */
export function createDecoders(contentEncoding: string | undefined): Transform[] {
  const names = (contentEncoding ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== 'identity');
  const codings = names.map((name) => {
    const coding = CODINGS.get(name);
    if (!coding) {
      throw new VigieError('unsupported_encoding', {
        message: `Content-Encoding "${name}" is not supported; send gzip, deflate, br, zstd or an uncompressed body.`,
      });
    }
    if (coding === 'zstd' && typeof zlib.createZstdDecompress !== 'function') {
      throw new VigieError('unsupported_encoding', {
        message: `Content-Encoding "zstd" needs Node.js 23.8 or later (this is ${process.version}); send gzip, deflate or br.`,
      });
    }
    return coding;
  });
  return codings.reverse().map((coding) => new StrictDecoder(coding));
}

/**
 * One coding's decoder. Node's decoders stop at the end of the compressed stream and drop what
 * follows without a word (only gunzip reads on, into a next gzip member, or fails on garbage): a
 * decoder that consumed less than it was given has reached that end with bytes to spare, and those
 * bytes are an error here.
 *
 * HTTP "deflate" means zlib-wrapped data (RFC 9110 §8.4.1.2), but some clients send raw deflate;
 * like browsers, the first two bytes tell which inflater to use.
 */
class StrictDecoder extends Transform {
  readonly #coding: Coding;
  #inner: NodeDecoder | undefined;
  /** The first bytes, held until there are enough to choose the inflater (deflate only). */
  #head: Buffer = Buffer.alloc(0);
  /** Bytes given to the inner decoder so far. */
  #fed = 0;

  constructor(coding: Coding) {
    super();
    this.#coding = coding;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#inner) {
      this.#feed(this.#inner, chunk, callback);
      return;
    }
    const head = this.#head.length === 0 ? chunk : Buffer.concat([this.#head, chunk]);
    if (this.#coding === 'deflate' && head.length < 2) {
      this.#head = head;
      callback();
      return;
    }
    this.#head = Buffer.alloc(0);
    this.#feed(this.#start(head), head, callback);
  }

  override _flush(callback: TransformCallback): void {
    // Fewer than two bytes in all: the inflater reports the truncation in its own words.
    const inner = this.#inner ?? this.#start(this.#head);
    if (this.#head.length > 0) {
      this.#fed += this.#head.length;
      inner.write(this.#head);
    }
    if (inner.readableEnded) {
      callback();
      return;
    }
    inner.once('end', () => callback());
    inner.end();
  }

  override _read(size: number): void {
    if (this.#inner?.isPaused()) this.#inner.resume();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#inner?.destroy();
    callback(error);
  }

  #feed(inner: NodeDecoder, chunk: Buffer, callback: TransformCallback): void {
    this.#fed += chunk.length;
    inner.write(chunk, (error) => {
      // A decoder error reaches this stream through the inner one's 'error' listener.
      if (error) return;
      callback(inner.bytesWritten < this.#fed ? trailingData(this.#coding) : undefined);
    });
  }

  #start(head: Buffer): NodeDecoder {
    const inner = decoderFor(this.#coding, head);
    // Backpressure goes through: while this stream's reader is paused, the inner decoder stops.
    inner.on('data', (data: Buffer) => {
      if (!this.push(data)) inner.pause();
    });
    inner.on('error', (error) => this.destroy(error));
    this.#inner = inner;
    return inner;
  }
}

function decoderFor(coding: Coding, head: Buffer): NodeDecoder {
  switch (coding) {
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate': {
      const [cmf = 0, flg = 0] = head;
      const zlibWrapped = (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
      return zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw();
    }
    case 'br':
      return zlib.createBrotliDecompress();
    case 'zstd':
      return zlib.createZstdDecompress();
  }
}

function trailingData(coding: Coding): Error {
  return new Error(`more data follows the end of the ${coding} stream`);
}
