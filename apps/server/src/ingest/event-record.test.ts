// An event payload becomes the record the writer stores, or a 400 invalid_event when it cannot be an event.

import { describe, expect, it } from 'vitest';
import { VigieError } from '../errors.ts';
import { envelopeToBatch, storeToBatch } from './envelope-batch.ts';
import { toEventRecord } from './event-record.ts';

const ctx = { receivedAtMs: Date.UTC(2026, 10, 25, 12, 0, 0), clockDriftMs: 0 };

/** What an ingest request answers when `attempt` throws. */
function refusal(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(VigieError);
    return error;
  }
  throw new Error('expected a refusal');
}

describe('event records', () => {
  it('refuses a payload that is not a JSON object with a 400 invalid_event', () => {
    for (const raw of [null, [], 'event', 42]) {
      expect(refusal(() => toEventRecord(1, raw, ctx))).toMatchObject({
        status: 400,
        code: 'invalid_event',
        message: expect.stringMatching(/JSON object/),
      });
    }
  });

  it('refuses such an event alike in an envelope and in a legacy store payload', () => {
    const envelope = {
      headers: {},
      items: [{ type: 'event', headers: { type: 'event' }, payload: Buffer.from('[1, 2]') }],
    };
    const expected = {
      status: 400,
      code: 'invalid_event',
      message: 'An event must be a JSON object, got an array.',
    };
    expect(refusal(() => envelopeToBatch(1, envelope, ctx))).toMatchObject(expected);
    expect(refusal(() => storeToBatch(1, [1, 2], ctx))).toMatchObject(expected);
  });

  it('keeps the normalized event and its fingerprint', () => {
    const record = toEventRecord(7, { message: 'Disk full', level: 'warning' }, ctx);
    expect(record).toMatchObject({ projectId: 7, level: 'warning', title: 'Disk full' });
    expect(record.fingerprint).toBeTruthy();
  });
});
