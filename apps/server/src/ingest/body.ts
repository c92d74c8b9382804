// Reads an ingest request body while it streams in: undoes Content-Encoding and stops at the first byte past a
// limit, so a gzip bomb costs a few kilobytes of work instead of gigabytes of memory.

import type { Readable, TransformCallback } from 'node:stream';
import { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { VigieError } from '../errors.ts';
import { formatBytes } from './limits.ts';

export interface ReadBodyOptions {
  /** The request's Content-Encoding header, e.g. "gzip" or "deflate, br" (applied left to right). */
  contentEncoding?: string | undefined;
  /** Bytes accepted as they arrive on the wire. */
  maxCompressedBytes: number;
  /** Bytes accepted once every Content-Encoding is undone. */
  maxBytes: number;
}

type Coding = 'gzip' | 'deflate' | 'br' | 'zstd';
const CODINGS: Record<string, Coding> = {
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
  br: 'br',
  zstd: 'zstd',
};

/**
 * Resolves with the decoded body. Rejects with 413 `payload_too_large` as soon as either limit is passed
 * (the decoders are destroyed and the rest of the request is left unread: reply with `Connection: close`),
 * 415 `unsupported_encoding`, 400 `bad_compression`, or 400 `request_aborted` when the client goes away.
 */
export function readBody(stream: NodeJS.ReadableStream | Readable, opts: ReadBodyOptions): Promise<Buffer> {
  let decoders: Transform[];
  try {
    decoders = createDecoders(opts.contentEncoding);
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise((resolvePromise, rejectPromise) => {
    const source = stream as Readable;
    const first = decoders[0];
    const last = decoders.at(-1);
    // The listeners below stay on the request until it ends, long after its body is read, and keep
    // this scope alive: once settled, it holds neither the chunks nor the promise, which holds the
    // body. So the body can go as soon as the caller lets go of it (see ingest.routes.ts).
    let pending: { resolve: (body: Buffer) => void; reject: (error: Error) => void } | undefined = {
      resolve: resolvePromise,
      reject: rejectPromise,
    };
    let chunks: Buffer[] = [];
    let wireBytes = 0;
    let decodedBytes = 0;
    let sourceEnded = false;

    const settle = (error: Error | undefined) => {
      if (!pending) return;
      const { resolve, reject } = pending;
      const body = chunks;
      pending = undefined;
      chunks = [];
      source.removeListener('data', onData);
      if (error) {
        // Stop pulling from the client and stop the decoders mid-stream; the error listeners stay attached so
        // a late error from any of them has somewhere to go.
        source.pause();
        for (const decoder of decoders) decoder.destroy();
        reject(error);
      } else {
        resolve(body.length === 1 ? body[0]! : Buffer.concat(body, decodedBytes));
      }
    };
    const collect = (chunk: Buffer) => {
      if (!pending) return;
      decodedBytes += chunk.length;
      if (decodedBytes > opts.maxBytes) {
        settle(tooLarge('decoded', opts.maxBytes, decoders.length > 0));
        return;
      }
      chunks.push(chunk);
    };
    const onData = (data: Buffer | string) => {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      wireBytes += chunk.length;
      if (wireBytes > opts.maxCompressedBytes) {
        settle(tooLarge('wire', opts.maxCompressedBytes, decoders.length > 0));
        return;
      }
      if (!first) {
        collect(chunk);
        return;
      }
      if (!first.write(chunk)) {
        source.pause();
        first.once('drain', () => {
          if (pending) source.resume();
        });
      }
    };

    for (let i = 0; i + 1 < decoders.length; i++) decoders[i]?.pipe(decoders[i + 1] as Transform);
    for (const decoder of decoders) {
      decoder.on('error', (error: Error) => settle(badCompression(opts.contentEncoding, error)));
    }
    last?.on('data', collect);
    last?.on('end', () => settle(undefined));

    if ((source as Partial<Readable>).readableEnded) {
      // A programming error (something consumed the body first), not the client's fault.
      settle(new VigieError('body_already_read'));
      return;
    }
    source.on('data', onData);
    source.on('end', () => {
      sourceEnded = true;
      if (first) first.end();
      else settle(undefined);
    });
    source.on('error', () => settle(aborted()));
    source.on('aborted', () => settle(aborted()));
    source.on('close', () => {
      if (!sourceEnded) settle(aborted());
    });
  });
}

/** The decoders for a Content-Encoding header, in the order they must run (the reverse of the header's). */
function createDecoders(contentEncoding: string | undefined): Transform[] {
  const names = (contentEncoding ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== 'identity');
  const codings = names.map((name) => {
    const coding = CODINGS[name];
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
  return codings.reverse().map(createDecoder);
}

function createDecoder(coding: Coding): Transform {
  switch (coding) {
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      return new AutoInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    case 'zstd':
      return zlib.createZstdDecompress();
  }
}

/**
 * HTTP "deflate" means zlib-wrapped data (RFC 9110 §8.4.1.2), but some clients send raw deflate; like
 * browsers, look at the first two bytes for a valid zlib header and pick the matching inflater.
 */
class AutoInflate extends Transform {
  #inner: zlib.Inflate | zlib.InflateRaw | undefined;
  #head = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#inner) {
      this.#inner.write(chunk, () => callback());
      return;
    }
    const head = Buffer.concat([this.#head, chunk]);
    this.#head = head;
    if (head.length < 2) {
      callback();
      return;
    }
    this.#start(head).write(head, () => callback());
  }

  override _flush(callback: TransformCallback): void {
    let inner = this.#inner;
    if (!inner) {
      // Fewer than two bytes in all: let the inflater report the truncation in its own words.
      const head = this.#head;
      inner = this.#start(head);
      if (head.length > 0) inner.write(head);
    }
    inner.once('end', () => callback());
    inner.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#inner?.destroy();
    callback(error);
  }

  #start(head: Buffer): zlib.Inflate | zlib.InflateRaw {
    const [cmf = 0, flg = 0] = head;
    const zlibWrapped = (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
    const inner = zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw();
    inner.on('data', (data: Buffer) => this.push(data));
    inner.on('error', (error) => this.destroy(error));
    this.#inner = inner;
    this.#head = Buffer.alloc(0);
    return inner;
  }
}

function tooLarge(stage: 'wire' | 'decoded', limit: number, compressed: boolean): VigieError {
  const size = formatBytes(limit);
  const message =
    stage === 'wire'
      ? `The request body is larger than ${size} as sent, the limit for a ${compressed ? 'compressed ' : ''}body on this endpoint.`
      : `The request body is larger than ${size}${compressed ? ' once decompressed' : ''}, the limit for this endpoint.`;
  return new VigieError(
    'payload_too_large',
    { message },
    { limit: stage === 'wire' ? 'compressed' : 'decompressed', maxBytes: limit },
  );
}

function badCompression(contentEncoding: string | undefined, error: Error): VigieError {
  return new VigieError('bad_compression', {
    message: `The request body is not valid ${contentEncoding?.trim() || 'compressed'} data: ${error.message}.`,
  });
}

function aborted(): VigieError {
  return new VigieError('request_aborted');
}
