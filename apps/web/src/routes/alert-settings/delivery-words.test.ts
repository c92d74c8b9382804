import { describe, expect, it } from 'vitest';
import { deliveryWords } from './delivery-words.ts';

const delivery = {
  id: 1,
  channelId: 2,
  channelName: 'On-call',
  channelKind: 'pagerduty' as const,
  nextAttemptAt: null,
};

describe('a delivery in words', () => {
  it('says delivered with the status, or the error when it failed', () => {
    const at = '2026-12-07T03:00:00.000Z';
    expect(
      deliveryWords({
        ...delivery,
        status: 'delivered',
        lastError: null,
        attempts: [{ at, outcome: 'delivered', statusCode: 202, error: null }],
      }),
    ).toBe('On-call (PagerDuty): delivered (202)');
    expect(
      deliveryWords({
        ...delivery,
        status: 'dead',
        lastError: 'answered 400: Event object is invalid',
        attempts: [
          { at, outcome: 'permanent', statusCode: 400, error: 'answered 400: Event object is invalid' },
        ],
      }),
    ).toBe('On-call (PagerDuty): failed for good: answered 400: Event object is invalid');
    expect(
      deliveryWords({
        ...delivery,
        status: 'pending',
        lastError: 'answered 503',
        attempts: [{ at, outcome: 'retry', statusCode: 503, error: 'answered 503' }],
      }),
    ).toBe('On-call (PagerDuty): not delivered yet, Vigie retries: answered 503');
  });
});
