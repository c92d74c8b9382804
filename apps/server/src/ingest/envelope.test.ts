import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/support/fixtures.ts';
import { VigieError } from '../errors.ts';
import { parseEnvelope, requireItems } from './envelope.ts';

const header = '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","sent_at":"2026-11-25T00:26:49.506Z"}';
const eventJson = '{"message":"Checkout failed for order 77812","level":"error"}';

function failure(body: string | Buffer): VigieError {
  try {
    parseEnvelope(Buffer.isBuffer(body) ? body : Buffer.from(body));
  } catch (error) {
    expect(error).toBeInstanceOf(VigieError);
    return error as VigieError;
  }
  throw new Error('expected parseEnvelope to throw');
}

describe('parseEnvelope with real Node SDK envelopes', () => {
  const [sessionRequest, messageRequest, exceptionRequest] = loadFixture('sentry-javascript-node-11.12.0');

  it('reads the session envelope: its headers and one session item', () => {
    const envelope = parseEnvelope(sessionRequest!.body);
    expect(envelope.headers.sent_at).toBe('2026-11-25T00:26:49.499Z');
    expect(envelope.headers.sdk).toEqual({ name: 'sentry.javascript.node', version: '11.12.0' });
    expect(envelope.items.map((item) => item.type)).toEqual(['session']);
    const session = JSON.parse(envelope.items[0]!.payload.toString());
    expect(session.sid).toBe('6814c828905340869708e342bc4259c8');
    expect(session.attrs).toEqual({ release: 'shop@1.4.2', environment: 'production' });
  });

  it('reads the captureMessage and captureException envelopes into their event items', () => {
    const message = parseEnvelope(messageRequest!.body);
    expect(message.headers.event_id).toBe('7f06358f88fc46e3bfd2ffa1120cd2e5');
    expect(message.items).toHaveLength(1);
    expect(message.items[0]!.type).toBe('event');
    expect(JSON.parse(message.items[0]!.payload.toString()).message).toBe(
      'Payment provider timeout after 3012 ms',
    );

    const exception = parseEnvelope(exceptionRequest!.body);
    const event = JSON.parse(exception.items[0]!.payload.toString());
    expect(event.event_id).toBe(exception.headers.event_id);
    expect(event.exception.values[0].type).toBe('TypeError');
  });
});

describe('parseEnvelope framing', () => {
  it('takes exactly `length` bytes, newlines included, for an item with an explicit length', () => {
    const log = 'GET /checkout 500\nTypeError: card is undefined\n';
    const body = `${header}\n{"type":"attachment","length":${Buffer.byteLength(log)},"filename":"app.log"}\n${log}\n{"type":"event"}\n${eventJson}\n`;
    const envelope = parseEnvelope(Buffer.from(body));
    expect(envelope.items.map((item) => item.type)).toEqual(['attachment', 'event']);
    expect(envelope.items[0]!.payload.toString()).toBe(log);
    expect(envelope.items[0]!.headers.filename).toBe('app.log');
    expect(envelope.items[1]!.payload.toString()).toBe(eventJson);
  });

  it('counts length in bytes, not characters', () => {
    const text = 'Zahlung fehlgeschlagen: Ü€';
    const body = `${header}\n{"type":"attachment","length":${Buffer.byteLength(text)}}\n${text}`;
    expect(parseEnvelope(Buffer.from(body)).items[0]!.payload.toString()).toBe(text);
  });

  it('accepts an envelope without a trailing newline, with blank lines between items, and with CRLF', () => {
    const body = `${header}\r\n{"type":"event"}\r\n${eventJson}\r\n\r\n\n{"type":"attachment","length":2}\r\nok\r\n{"type":"event"}\n${eventJson}`;
    const envelope = parseEnvelope(Buffer.from(body));
    expect(envelope.items.map((item) => item.type)).toEqual(['event', 'attachment', 'event']);
    expect(JSON.parse(envelope.items[0]!.payload.toString()).level).toBe('error');
    expect(envelope.items[1]!.payload.toString()).toBe('ok');
    expect(envelope.items[2]!.payload.toString()).toBe(eventJson);
  });

  it('reads an empty payload for an item header that ends the envelope', () => {
    const envelope = parseEnvelope(
      Buffer.from(`${header}\n{"type":"attachment","length":0}\n\n{"type":"user_report"}`),
    );
    expect(envelope.items.map((item) => [item.type, item.payload.length])).toEqual([
      ['attachment', 0],
      ['user_report', 0],
    ]);
  });

  it('accepts an envelope that is only a header', () => {
    expect(parseEnvelope(Buffer.from(`${header}\n`)).items).toEqual([]);
  });

  it('keeps items of types it does not know', () => {
    const body = `${header}\n{"type":"profile_chunk","platform":"node"}\n{"chunk_id":"a1"}\n{"type":"event"}\n${eventJson}\n`;
    const envelope = parseEnvelope(Buffer.from(body));
    expect(envelope.items.map((item) => item.type)).toEqual(['profile_chunk', 'event']);
    expect(envelope.items[0]!.headers).toEqual({ type: 'profile_chunk', platform: 'node' });
  });
});

describe('parseEnvelope errors', () => {
  it('rejects an empty body', () => {
    for (const body of ['', '  \n\n']) {
      const error = failure(body);
      expect(error.status).toBe(400);
      expect(error.code).toBe('invalid_envelope');
      expect(error.message).toContain('empty');
    }
  });

  it('rejects a header that is not JSON, with the parser message', () => {
    const error = failure(`{"event_id": 9ec79c33}\n{"type":"event"}\n${eventJson}`);
    expect(error.message).toMatch(/^The envelope header is not valid JSON: .+/);
  });

  it('rejects a header that is JSON but not an object', () => {
    expect(failure('[1,2]\n').message).toContain('must be a JSON object');
  });

  it('rejects an envelope header field of the wrong type', () => {
    expect(failure('{"dsn":42}\n').message).toContain('"dsn" must be a string');
  });

  it('names the item whose header is not JSON', () => {
    const error = failure(`${header}\n{"type":"event"}\n${eventJson}\n{"type":"attachment",length:3}\nabc\n`);
    expect(error.message).toMatch(/^The header of item 2 is not valid JSON/);
    expect(error.details).toEqual({ item: 2 });
  });

  it('names the item that has no type', () => {
    const error = failure(`${header}\n{"length":2}\nok\n`);
    expect(error.message).toBe('Item 1 has no "type" in its header.');
  });

  it('rejects a negative or fractional length', () => {
    expect(failure(`${header}\n{"type":"attachment","length":-1}\n`).message).toContain(
      'invalid "length": -1',
    );
    expect(failure(`${header}\n{"type":"attachment","length":1.5}\nab\n`).message).toContain(
      'invalid "length"',
    );
  });

  it('names the item whose length runs past the end of the envelope', () => {
    const error = failure(
      `${header}\n{"type":"event"}\n${eventJson}\n{"type":"attachment","length":500}\nonly this\n`,
    );
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      'Item 2 (attachment) declares a length of 500 bytes but only 10 remain in the envelope.',
    );
    expect(error.details).toEqual({ item: 2 });
  });

  it('rejects an explicit-length payload followed by more than its newline', () => {
    const error = failure(`${header}\n{"type":"attachment","length":2}\nokay\n`);
    expect(error.message).toContain(
      'Item 1 (attachment) is not followed by a newline after its 2-byte payload',
    );
  });
});

describe('parseEnvelope size limits', () => {
  const bigEvent = (bytes: number) => `{"message":"${'x'.repeat(bytes - 14)}"}`;

  it('answers 413 naming an event item over 1 MiB', () => {
    const payload = bigEvent(1024 * 1024 + 1);
    const error = failure(
      `${header}\n{"type":"attachment"}\nok\n{"type":"event","length":${payload.length}}\n${payload}\n`,
    );
    expect(error.status).toBe(413);
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toBe('Item 2 (event) is 1048577 bytes, over the 1 MiB limit for one event.');
  });

  it('applies the event limit to transactions too', () => {
    expect(failure(`${header}\n{"type":"transaction"}\n${bigEvent(1024 * 1024 + 10)}\n`).message).toContain(
      'Item 1 (transaction)',
    );
  });

  it('answers 413 when the events of one envelope add up to more than 1 MiB, as Relay does', () => {
    const half = bigEvent(600 * 1024);
    const error = failure(`${header}\n{"type":"event"}\n${half}\n{"type":"transaction"}\n${half}\n`);
    expect(error.status).toBe(413);
    expect(error.message).toContain('add up to 1228800 bytes');
  });

  it('accepts a 2 MiB attachment beside a small event', () => {
    const attachment = Buffer.alloc(2 * 1024 * 1024, 0x41);
    const body = Buffer.concat([
      Buffer.from(
        `${header}\n{"type":"event"}\n${eventJson}\n{"type":"attachment","length":${attachment.length}}\n`,
      ),
      attachment,
    ]);
    expect(parseEnvelope(body).items[1]!.payload.length).toBe(attachment.length);
  });

  it('answers 413 for more than 100 session items', () => {
    const session =
      '{"type":"session"}\n{"sid":"6814c828905340869708e342bc4259c8","started":"2026-11-25T00:26:49Z","attrs":{"release":"shop@1.4.2"}}\n';
    const error = failure(`${header}\n${session.repeat(101)}`);
    expect(error.status).toBe(413);
    expect(error.message).toContain('101 session items');
    expect(parseEnvelope(Buffer.from(`${header}\n${session.repeat(100)}`)).items).toHaveLength(100);
  });

  it('answers 413 for client reports over 4 KiB', () => {
    const report = JSON.stringify({
      timestamp: 1795566409,
      discarded_events: Array.from({ length: 100 }, (_, i) => ({
        reason: `queue_overflow_${i}`,
        category: 'error',
        quantity: 1,
      })),
    });
    expect(failure(`${header}\n{"type":"client_report"}\n${report}\n`).message).toContain('4 KiB');
  });
});

describe('requireItems', () => {
  const refusal = (body: string) => {
    try {
      requireItems(parseEnvelope(Buffer.from(body)), '7');
    } catch (error) {
      return error as VigieError;
    }
    throw new Error('expected requireItems to throw');
  };

  it('says a bare event is not an envelope, and where to send it', () => {
    const error = refusal('{"message":"hi","level":"error"}');
    expect(error.code).toBe('invalid_envelope');
    expect(error.message).toBe(
      'The body is one JSON object (with "message", "level"), not an envelope: an envelope is a header line, ' +
        'then items, each an item header line such as {"type":"event"} and its payload. Post a bare event to ' +
        '/api/7/store/ instead, or wrap it in an envelope.',
    );
  });

  it('refuses an envelope that is only a header', () => {
    expect(refusal(`${header}\n`).message).toMatch(/^The envelope has no items/);
  });

  it('lets an envelope with items through, whatever their types', () => {
    expect(() =>
      requireItems(parseEnvelope(Buffer.from(`${header}\n{"type":"replay_video"}\n{}`)), '7'),
    ).not.toThrow();
  });
});
