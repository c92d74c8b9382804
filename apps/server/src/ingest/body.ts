// Reads an ingest request body while it streams in: undoes Content-Encoding and stops at the first byte past a
// limit, so a gzip bomb costs a few kilobytes of work instead of gigabytes of memory.

import type { Readable, Transform } from 'node:stream';
import { VigieError } from '../errors.ts';
import { createDecoders } from './decoders.ts';
import { type FirstLineCheck, FirstLineScanner } from './first-line.ts';
import { formatBytes } from './limits.ts';

export interface ReadBodyOptions {
  /** The request's Content-Encoding header, e.g. "gzip" or "deflate, br" (applied left to right). */
  contentEncoding?: string | undefined;
  /** Bytes accepted as they arrive on the wire. */
  maxCompressedBytes: number;
  /** Bytes accepted once every Content-Encoding is undone. */
  maxBytes: number;
  /**
   * Checked as soon as the first line is decoded, with decoding paused meanwhile: a request whose
   * first line fails the check costs no more decompression than that line.
   */
  firstLine?: FirstLineCheck | undefined;
}

/**
 * Resolves with the decoded body. Rejects with 413 `payload_too_large` as soon as either limit is passed
 * (the decoders are destroyed and the rest of the request is left unread: reply with `Connection: close`),
 * 415 `unsupported_encoding`, 400 `bad_compression` (a decoder's error, or data after the end of the compressed
 * stream), 400 `request_aborted` when the client goes away, or the first-line check's own error.
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
    let awaitingDrain = false;
    const firstLine = opts.firstLine;
    const scanner = new FirstLineScanner();
    let lineState: 'waiting' | 'checking' | 'checked' = firstLine ? 'waiting' : 'checked';
    let endedDuringCheck = false;

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
      if (lineState !== 'waiting') return;
      const end = scanner.scan(chunk);
      if (end !== undefined) checkFirstLine(end, true);
      else if (decodedBytes > (firstLine?.maxBytes ?? Number.POSITIVE_INFINITY))
        checkFirstLine(decodedBytes, false);
    };
    // The body waits, decoders included (paused, they stop for backpressure), while the line is checked.
    const checkFirstLine = (end: number, complete: boolean) => {
      if (!firstLine) return;
      lineState = 'checking';
      source.pause();
      last?.pause();
      const body = Buffer.concat(chunks, decodedBytes);
      chunks = [body];
      firstLine.check(body.subarray(scanner.startBefore(end), end), complete).then(
        () => {
          if (!pending) return;
          lineState = 'checked';
          if (endedDuringCheck) {
            settle(undefined);
            return;
          }
          last?.resume();
          if (!awaitingDrain) source.resume();
        },
        (error: unknown) => settle(error instanceof Error ? error : new Error(String(error))),
      );
    };
    const finish = () => {
      if (lineState === 'checked') {
        settle(undefined);
        return;
      }
      endedDuringCheck = true;
      if (lineState === 'waiting') checkFirstLine(decodedBytes, true);
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
        awaitingDrain = true;
        first.once('drain', () => {
          awaitingDrain = false;
          if (pending && lineState !== 'checking') source.resume();
        });
      }
    };

    for (let i = 0; i + 1 < decoders.length; i++) decoders[i]?.pipe(decoders[i + 1] as Transform);
    for (const decoder of decoders) {
      decoder.on('error', (error: Error) => settle(badCompression(opts.contentEncoding, error)));
    }
    last?.on('data', collect);
    last?.on('end', finish);

    if ((source as Partial<Readable>).readableEnded) {
      // A programming error (something consumed the body first), not the client's fault.
      settle(new VigieError('body_already_read'));
      return;
    }
    source.on('data', onData);
    source.on('end', () => {
      sourceEnded = true;
      if (first) first.end();
      else finish();
    });
    source.on('error', () => settle(aborted()));
    source.on('aborted', () => settle(aborted()));
    source.on('close', () => {
      if (!sourceEnded) settle(aborted());
    });
  });
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
