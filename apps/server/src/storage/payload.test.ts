import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../grouping/event.ts';
import { decodePayload, encodePayload } from './payload.ts';

const asEvent = (value: unknown) => value as NormalizedEvent;

describe('stored event payloads', () => {
  it('round-trips an event given as text or as UTF-8 bytes, smaller than its JSON', () => {
    const event = {
      eventId: 'a'.repeat(32),
      title: "TypeError: Cannot read properties of undefined (reading 'número')",
      breadcrumbs: Array.from({ length: 40 }, (_, i) => ({ message: `GET /api/orders/${i} 200` })),
    };
    const json = JSON.stringify(event);
    const fromText = encodePayload(json);
    expect(fromText.length).toBeLessThan(json.length / 2);
    expect(decodePayload(fromText)).toEqual(asEvent(event));
    expect(decodePayload(encodePayload(Buffer.from(json)))).toEqual(asEvent(event));
  });

  it('round-trips events whose compressed form spans many output chunks', () => {
    // 600 KB of random hex compresses to about half: far past the largest output chunk (64 KiB).
    const big = { eventId: 'b'.repeat(32), extra: { blob: randomBytes(300_000).toString('hex') } };
    const tiny = { eventId: 'c'.repeat(32) };
    const bigPayload = encodePayload(JSON.stringify(big));
    expect(bigPayload.length).toBeGreaterThan(64 * 1024);
    expect(decodePayload(bigPayload)).toEqual(asEvent(big));
    expect(decodePayload(encodePayload(JSON.stringify(tiny)))).toEqual(asEvent(tiny));
  });
});
