import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/support/fixtures.ts';
import { VigieError } from '../errors.ts';
import { readBody } from './body.ts';
import { INGEST_LIMITS } from './limits.ts';
import { decodeStoreBody, decodeStoreQuery, parseEventJson } from './store-body.ts';

const event = {
  event_id: '0f1e2d3c4b5a49788796a5b4c3d2e1f0',
  level: 'error',
  platform: 'javascript',
  message: 'Failed to load /api/cart: 503',
};
const eventJson = JSON.stringify(event);

interface PythonException {
  type: string;
  stacktrace: { frames: Array<{ abs_path: string }> };
}

function failure(run: () => unknown): VigieError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VigieError);
    return error as VigieError;
  }
  throw new Error('expected a VigieError');
}

describe('decodeStoreBody with real clients', () => {
  it("decodes raven-ruby's base64 of zlib-deflated JSON into its event", () => {
    const [request] = loadFixture('raven-ruby-3.1.2');
    expect(request!.headers['content-type']).toBe('application/octet-stream');
    expect(decodeStoreBody(request!.body)).toMatchObject({
      event_id: '9dc18f570f1441d387413b292a47546a',
      release: 'rails-app@5.3.0',
      exception: {
        values: [{ type: 'ArgumentError', value: 'cannot finish shooting a movie that is in_theaters' }],
      },
    });
  });

  it("decodes the Python SDK's gzip body once readBody has inflated it", async () => {
    const [request] = loadFixture('sentry-python-1.9.10');
    const body = await readBody(Readable.from([request!.body]), {
      contentEncoding: request!.headers['content-encoding'],
      maxCompressedBytes: INGEST_LIMITS.maxStoreCompressedBytes,
      maxBytes: INGEST_LIMITS.maxStoreBytes,
    });
    const decoded = decodeStoreBody(body) as { level: string; exception: { values: PythonException[] } };
    expect(decoded.level).toBe('error');
    expect(decoded.exception.values[0]?.type).toBe('KeyError');
    expect(decoded.exception.values[0]?.stacktrace.frames[0]?.abs_path).toBe('/srv/billing/invoices.py');
  });
});

describe('decodeStoreBody', () => {
  it('parses plain JSON, leading whitespace allowed', () => {
    expect(decodeStoreBody(Buffer.from(`\n  ${eventJson}`))).toEqual(event);
  });

  it('parses base64 JSON', () => {
    expect(decodeStoreBody(Buffer.from(Buffer.from(eventJson).toString('base64')))).toEqual(event);
  });

  it('parses base64 of zlib JSON wrapped at 60 columns, as Ruby Base64.encode64 writes it', () => {
    const wrapped = zlib
      .deflateSync(eventJson)
      .toString('base64')
      .replace(/(.{60})/g, '$1\n');
    expect(decodeStoreBody(Buffer.from(wrapped))).toEqual(event);
  });

  it('says where the JSON breaks', () => {
    const error = failure(() => decodeStoreBody(Buffer.from('{"level": "error", oops}')));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_json');
    expect(error.message).toMatch(/^The body is not JSON: .*position 19/);
  });

  it('rejects JSON that is not an object', () => {
    expect(failure(() => decodeStoreBody(Buffer.from('[{"level":"error"}]'))).message).toContain(
      'not an object (got an array)',
    );
  });

  it('rejects an empty body', () => {
    expect(failure(() => decodeStoreBody(Buffer.from(' \n'))).message).toBe(
      'The body is empty; expected a JSON event.',
    );
  });

  it('rejects base64 that is not zlib data with the zlib message', () => {
    const error = failure(() =>
      decodeStoreBody(Buffer.from(Buffer.from('not compressed at all').toString('base64'))),
    );
    expect(error.code).toBe('bad_compression');
    expect(error.message).toContain('incorrect header check');
  });

  it('stops inflating a zlib bomb at the 1 MiB event limit', () => {
    const bomb = zlib
      .deflateSync(`{"message":"${'a'.repeat(50 * 1024 * 1024)}"}`, { level: 9 })
      .toString('base64');
    const error = failure(() => decodeStoreBody(Buffer.from(bomb)));
    expect(error.status).toBe(413);
    expect(error.message).toContain('larger than 1 MiB once decoded');
  });

  it('rejects a plain JSON body over the event limit', () => {
    const big = Buffer.from(`{"message":"${'b'.repeat(INGEST_LIMITS.maxEventBytes)}"}`);
    expect(failure(() => decodeStoreBody(big)).status).toBe(413);
  });

  it('reads NaN and Infinity from old raven-python clients as null, leaving strings alone', () => {
    const body = '{"extra":{"ratio":NaN,"max":Infinity,"min":-Infinity,"note":"NaN: Infinity \\" NaN"}}';
    expect(decodeStoreBody(Buffer.from(body))).toEqual({
      extra: { ratio: null, max: null, min: null, note: 'NaN: Infinity " NaN' },
    });
  });
});

describe('decodeStoreQuery', () => {
  it('parses the JSON of ?sentry_data=', () => {
    const query = new URLSearchParams({ sentry_data: eventJson }).toString();
    expect(decodeStoreQuery(new URLSearchParams(query).get('sentry_data')!)).toEqual(event);
  });

  it('parses base64 zlib data even after a form decoder turned "+" into spaces', () => {
    let encoded = '';
    for (let i = 0; !encoded.includes('+'); i++) {
      encoded = zlib.deflateSync(JSON.stringify({ ...event, extra: { attempt: i } })).toString('base64');
    }
    const decoded = decodeStoreQuery(encoded.replaceAll('+', ' ')) as Record<string, unknown>;
    expect(decoded.message).toBe(event.message);
  });

  it('names sentry_data in its errors', () => {
    expect(failure(() => decodeStoreQuery('{nope')).message).toMatch(/^The sentry_data is not JSON/);
  });
});

describe('parseEventJson', () => {
  it('parses an envelope event payload', () => {
    expect(parseEventJson(Buffer.from(eventJson))).toEqual(event);
  });
});
