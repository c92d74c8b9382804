import { describe, expect, it } from 'vitest';
import { formatBytes, INGEST_LIMITS } from './limits.ts';

describe('INGEST_LIMITS', () => {
  it('holds the limits of the issue: 1 MiB per event, 20 MiB compressed and 100 MiB decompressed per envelope', () => {
    expect(formatBytes(INGEST_LIMITS.maxEventBytes)).toBe('1 MiB');
    expect(formatBytes(INGEST_LIMITS.maxEnvelopeCompressedBytes)).toBe('20 MiB');
    expect(formatBytes(INGEST_LIMITS.maxEnvelopeBytes)).toBe('100 MiB');
    expect(Object.isFrozen(INGEST_LIMITS)).toBe(true);
  });

  it('names sizes the way error messages show them', () => {
    expect(formatBytes(4096)).toBe('4 KiB');
    expect(formatBytes(1500)).toBe('1500 bytes');
  });
});
