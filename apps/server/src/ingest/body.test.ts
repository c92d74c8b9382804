import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/support/fixtures.ts';
import { VigieError } from '../errors.ts';
import { readBody } from './body.ts';
import { INGEST_LIMITS } from './limits.ts';

const MiB = 1024 * 1024;
const envelopeLimits = {
  maxCompressedBytes: INGEST_LIMITS.maxEnvelopeCompressedBytes,
  maxBytes: INGEST_LIMITS.maxEnvelopeBytes,
};
const storeLimits = {
  maxCompressedBytes: INGEST_LIMITS.maxStoreCompressedBytes,
  maxBytes: INGEST_LIMITS.maxStoreBytes,
};

const event = Buffer.from(
  JSON.stringify({
    event_id: '4f5b0c0a8a2d4c4f9d7f1b2e3a4c5d6e',
    level: 'error',
    exception: {
      values: [{ type: 'TypeError', value: "Cannot read properties of undefined (reading 'id')" }],
    },
    release: 'shop@1.4.2',
  }),
);

/** A request-like stream that hands out `data` in slices and records how much was pulled from it. */
function meteredStream(data: Buffer, sliceBytes = 16 * 1024) {
  let offset = 0;
  const stream = new Readable({
    highWaterMark: sliceBytes,
    read() {
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      const end = Math.min(offset + sliceBytes, data.length);
      this.push(data.subarray(offset, end));
      offset = end;
    },
  });
  return { stream, pulledBytes: () => offset };
}

async function rejection(promise: Promise<unknown>): Promise<VigieError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VigieError);
  return error as VigieError;
}

/**
 * gzip of `prefix` then `bytes` zero bytes, compressed as a stream so the test never holds the plain
 * data either.
 */
async function gzipOfZeros(bytes: number, prefix?: Buffer): Promise<Buffer> {
  const zeros = Buffer.alloc(MiB);
  const gzip = zlib.createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(gzip, 'end');
  if (prefix) gzip.write(prefix);
  for (let written = 0; written < bytes; written += MiB) {
    if (!gzip.write(zeros)) await once(gzip, 'drain');
  }
  gzip.end();
  await ended;
  return Buffer.concat(chunks);
}

describe('readBody', () => {
  it('returns an uncompressed body unchanged, as the Node SDK sends its chunked envelopes', async () => {
    for (const request of loadFixture('sentry-javascript-node-11.12.0')) {
      const body = await readBody(meteredStream(request.body, 100).stream, envelopeLimits);
      expect(body.equals(request.body)).toBe(true);
    }
  });

  it("inflates the Python SDK's gzip body into its JSON event", async () => {
    const [request] = loadFixture('sentry-python-1.9.10');
    expect(request?.headers['content-encoding']).toBe('gzip');
    const body = await readBody(Readable.from([request!.body]), {
      contentEncoding: request!.headers['content-encoding'],
      ...storeLimits,
    });
    const decoded = JSON.parse(body.toString('utf8'));
    expect(decoded.exception.values[0].type).toBe('KeyError');
    expect(decoded.exception.values[0].value).toBe("'INV-2201'");
  });

  it.each([
    ['gzip', zlib.gzipSync(event)],
    ['x-gzip', zlib.gzipSync(event)],
    ['GZIP', zlib.gzipSync(event)],
    ['deflate', zlib.deflateSync(event)],
    ['deflate', zlib.deflateRawSync(event)],
    ['br', zlib.brotliCompressSync(event)],
    ['zstd', zlib.zstdCompressSync(event)],
    ['identity', event],
    ['', event],
  ])('decodes Content-Encoding "%s"', async (encoding, wire) => {
    const body = await readBody(meteredStream(wire, 7).stream, {
      contentEncoding: encoding,
      ...envelopeLimits,
    });
    expect(body.equals(event)).toBe(true);
  });

  it('undoes a list of encodings in reverse order', async () => {
    const wire = zlib.brotliCompressSync(zlib.gzipSync(event));
    const body = await readBody(Readable.from([wire]), { contentEncoding: 'gzip, br', ...envelopeLimits });
    expect(body.equals(event)).toBe(true);
  });

  it('refuses an unknown encoding with 415 without reading the body', async () => {
    const { stream, pulledBytes } = meteredStream(event);
    const error = await rejection(readBody(stream, { contentEncoding: 'gzip, compress', ...envelopeLimits }));
    expect(error.status).toBe(415);
    expect(error.code).toBe('unsupported_encoding');
    expect(error.message).toContain('"compress"');
    expect(pulledBytes()).toBe(0);
  });

  it('answers 400 with the zlib message for a truncated gzip body', async () => {
    const gzipped = zlib.gzipSync(event);
    const error = await rejection(
      readBody(Readable.from([gzipped.subarray(0, gzipped.length - 12)]), {
        contentEncoding: 'gzip',
        ...envelopeLimits,
      }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('bad_compression');
    expect(error.message).toContain('unexpected end of file');
  });

  it('answers 400 for a body that claims gzip but is plain JSON', async () => {
    const error = await rejection(
      readBody(Readable.from([event]), { contentEncoding: 'gzip', ...envelopeLimits }),
    );
    expect(error.code).toBe('bad_compression');
    expect(error.message).toContain('incorrect header check');
  });

  describe('data after the end of the compressed stream', () => {
    const compressors = {
      gzip: zlib.gzipSync,
      deflate: zlib.deflateSync,
      br: zlib.brotliCompressSync,
      zstd: zlib.zstdCompressSync,
    };
    const oneByteAtATime = (body: Buffer) => Readable.from([...body].map((byte) => Buffer.from([byte])));

    it('is a 400 in every encoding, whether it arrives with the stream or after it', async () => {
      const bodies = Object.entries(compressors).flatMap(([encoding, compress]) => [
        { encoding, what: 'garbage', wire: Buffer.concat([compress(event), Buffer.from('garbage')]) },
        { encoding, what: 'zero padding', wire: Buffer.concat([compress(event), Buffer.alloc(16)]) },
      ]);
      bodies.push({
        encoding: 'deflate',
        what: 'garbage after raw deflate',
        wire: Buffer.concat([zlib.deflateRawSync(event), Buffer.from('garbage')]),
      });
      for (const { encoding, what, wire } of bodies) {
        for (const [how, stream] of [
          ['in one chunk', () => Readable.from([wire])],
          ['a byte at a time', () => oneByteAtATime(wire)],
        ] as const) {
          const outcome = await readBody(stream(), { contentEncoding: encoding, ...envelopeLimits }).then(
            () => 'read',
            (error: VigieError) => `${error.status} ${error.code}`,
          );
          expect(outcome, `${encoding}, ${what}, ${how}`).toBe('400 bad_compression');
        }
      }
    });

    it('is a 400 for two deflate, br or zstd streams back to back in one chunk', async () => {
      for (const encoding of ['deflate', 'br', 'zstd'] as const) {
        const compress = compressors[encoding];
        const wire = Buffer.concat([compress(event), compress(event)]);
        const error = await rejection(
          readBody(Readable.from([wire]), { contentEncoding: encoding, ...envelopeLimits }),
        );
        expect(error.code, encoding).toBe('bad_compression');
        expect(error.message).toContain(`more data follows the end of the ${encoding} stream`);
      }
    });

    it('reads every member of a gzip body, as gzip allows', async () => {
      const wire = Buffer.concat([zlib.gzipSync(event), zlib.gzipSync(event)]);
      const body = await readBody(oneByteAtATime(wire), { contentEncoding: 'gzip', ...envelopeLimits });
      expect(body.equals(Buffer.concat([event, event]))).toBe(true);
    });
  });

  describe('the first-line check', () => {
    const header = Buffer.from('{"dsn":"https://abc@vigie.example.com/42"}');
    const envelope = Buffer.concat([
      Buffer.from('\n \r\n'),
      header,
      Buffer.from('\n{"type":"event"}\n'),
      event,
    ]);

    it('gets the first line, blank lines before it skipped, and the whole body is read once it passes', async () => {
      const lines: string[] = [];
      const check = async (line: Buffer, complete: boolean) => {
        lines.push(`${line.toString()} ${complete}`);
      };
      for (const [encoding, wire] of [
        [undefined, envelope],
        ['br', zlib.brotliCompressSync(envelope)],
      ] as const) {
        const { stream } = meteredStream(wire, 3);
        const body = await readBody(stream, {
          contentEncoding: encoding,
          ...envelopeLimits,
          firstLine: { maxBytes: 1024, check },
        });
        expect(body.equals(envelope), encoding).toBe(true);
      }
      expect(lines).toEqual([`${header} true`, `${header} true`]);
    });

    it('gets a body without a newline whole, and a line cut at its limit as incomplete', async () => {
      const seen: string[] = [];
      const firstLine = (maxBytes: number) => ({
        maxBytes,
        check: async (line: Buffer, complete: boolean) => {
          seen.push(`${line.toString()} ${complete}`);
        },
      });
      await readBody(Readable.from([header]), { ...envelopeLimits, firstLine: firstLine(1024) });
      await readBody(Readable.from([header]), { ...envelopeLimits, firstLine: firstLine(10) });
      expect(seen).toEqual([`${header} true`, `${header} false`]);
    });

    it('decodes nothing more while the check runs, and stops at its error', async () => {
      const line = Buffer.concat([header, Buffer.from('\n')]);
      const refused = new VigieError('invalid_key', { publicKey: 'abc' });
      // A key lookup may take many turns of the event loop. Were the body decoded meanwhile, the
      // 4 MiB limit would end it first, with a 413.
      const slowRefusal = {
        maxBytes: 1024,
        check: async () => {
          for (let turn = 0; turn < 2000; turn++) await new Promise((resolve) => setImmediate(resolve));
          throw refused;
        },
      };
      const limits = { maxCompressedBytes: 20 * MiB, maxBytes: 4 * MiB };
      const bomb = await gzipOfZeros(200 * MiB, line);
      const compressed = meteredStream(bomb, 4 * 1024);
      const plain = meteredStream(Buffer.concat([line, Buffer.alloc(8 * MiB)]), 4 * 1024);
      for (const [encoding, { stream, pulledBytes }] of [
        ['gzip', compressed],
        [undefined, plain],
      ] as const) {
        const error = await rejection(
          readBody(stream, { contentEncoding: encoding, ...limits, firstLine: slowRefusal }),
        );
        expect(error, encoding).toBe(refused);
        expect(pulledBytes()).toBeLessThan(1 * MiB);
      }
    });
  });

  it('answers 413 naming the 20 MiB limit for a 21 MiB uncompressed body, and stops reading there', async () => {
    const { stream, pulledBytes } = meteredStream(Buffer.alloc(21 * MiB, 0x61), 256 * 1024);
    const error = await rejection(readBody(stream, envelopeLimits));
    expect(error.status).toBe(413);
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toContain('20 MiB');
    expect(error.details).toEqual({ limit: 'compressed', maxBytes: 20 * MiB });
    expect(pulledBytes()).toBeLessThan(21 * MiB);
  });

  describe('a gzip bomb of 200 MiB of zeros', () => {
    let bomb: Buffer;
    beforeAll(async () => {
      bomb = await gzipOfZeros(200 * MiB);
    });

    it('is cut off just past the 1 MiB store limit, pulling a fraction of it', async () => {
      const { stream, pulledBytes } = meteredStream(bomb, 4 * 1024);
      const error = await rejection(readBody(stream, { contentEncoding: 'gzip', ...storeLimits }));
      expect(error.status).toBe(413);
      expect(error.message).toContain('1 MiB once decompressed');
      expect(error.details).toEqual({ limit: 'decompressed', maxBytes: MiB });
      // Only the decoder's write window (64 KiB in Node 24) is read ahead of the 1 KiB that fill the limit.
      expect(pulledBytes()).toBeLessThan(bomb.length / 2);
    });

    it('is cut off at the 100 MiB envelope limit before the whole bomb is read', async () => {
      const { stream, pulledBytes } = meteredStream(bomb, 4 * 1024);
      const error = await rejection(readBody(stream, { contentEncoding: 'gzip', ...envelopeLimits }));
      expect(error.status).toBe(413);
      expect(error.message).toContain('100 MiB once decompressed');
      expect(pulledBytes()).toBeLessThan(bomb.length * 0.75);
    });
  });

  describe('over real HTTP', () => {
    let server: http.Server;
    let url: string;
    let outcomes: Array<Promise<Buffer>> = [];

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        const outcome = readBody(req, {
          contentEncoding: req.headers['content-encoding'],
          ...envelopeLimits,
        });
        outcomes.push(outcome);
        outcome.then(
          (body) => res.end(`read ${body.length} bytes`),
          (error: VigieError) => res.writeHead(error.status, { connection: 'close' }).end(error.code),
        );
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/42/envelope/`;
    });
    afterAll(async () => {
      server.close();
      await once(server, 'close');
    });

    it('reads a gzip body posted by a client', async () => {
      outcomes = [];
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-encoding': 'gzip' },
        body: zlib.gzipSync(event),
      });
      expect(await response.text()).toBe(`read ${event.length} bytes`);
    });

    it('rejects with request_aborted, not an unhandled error, when the client hangs up mid-body', async () => {
      outcomes = [];
      const gzipped = zlib.gzipSync(Buffer.alloc(4 * MiB, 0x62));
      const request = http.request(url, {
        method: 'POST',
        headers: { 'content-encoding': 'gzip', 'content-length': String(gzipped.length) },
      });
      request.on('error', () => {});
      request.write(gzipped.subarray(0, gzipped.length >> 1));
      // Hang up once the server is reading the body.
      await expect.poll(() => outcomes.length).toBe(1);
      request.destroy();
      const error = await rejection(outcomes[0] as Promise<Buffer>);
      expect(error.code).toBe('request_aborted');
    });
  });
});
