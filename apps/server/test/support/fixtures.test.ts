import { describe, expect, it } from 'vitest';
import { loadFixture } from './fixtures.ts';

describe('loadFixture', () => {
  it('loads the captured requests with their raw bodies', () => {
    const requests = loadFixture('sentry-javascript-node-11.12.0');
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatchObject({ method: 'POST', url: expect.stringContaining('/api/42/envelope/') });
    expect(requests[0]!.body.toString('utf8', 0, 12)).toBe('{"sent_at":"');
  });

  it('says where it looked when a fixture is missing', () => {
    expect(() => loadFixture('sentry-cobol-0.0.1')).toThrow(
      /test\/fixtures\/real-clients\/sentry-cobol-0\.0\.1\.jsonl/,
    );
  });
});
