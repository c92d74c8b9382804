import { describe, expect, it } from 'vitest';
import { VigieError } from '../errors.ts';
import { IngestAdmission, type QueueState } from './admission.ts';

const MiB = 1024 * 1024;

function queue(pendingBytes = 0, full = false): QueueState {
  return { pendingBytes, full };
}

const refusal = (admit: () => unknown) => {
  try {
    admit();
  } catch (error) {
    return error as VigieError;
  }
  return undefined;
};

describe('ingest admission', () => {
  it('admits requests while their bodies and the waiting events fit the bound, then answers 429', () => {
    const state = { pendingBytes: 0, full: false };
    const admission = new IngestAdmission(state, 1 * MiB);
    const first = admission.admit(400_000);
    admission.admit(400_000);
    const refused = refusal(() => admission.admit(400_000));
    expect(refused).toBeInstanceOf(VigieError);
    expect(refused).toMatchObject({ code: 'over_capacity', status: 429, details: { retryAfterSeconds: 1 } });
    // The first body is parsed: its bytes move to the writer's queue, still held.
    first.release();
    state.pendingBytes = 350_000;
    expect(refusal(() => admission.admit(400_000))).toBeInstanceOf(VigieError);
    state.pendingBytes = 0;
    expect(refusal(() => admission.admit(400_000))).toBeUndefined();
  });

  it('admits any one request when nothing is held, and counts a body by its real size once read', () => {
    const admission = new IngestAdmission(queue(), 1 * MiB);
    const huge = admission.admit(20 * MiB);
    expect(admission.bodyBytes).toBe(20 * MiB);
    huge.resize(80 * MiB);
    expect(admission.bodyBytes).toBe(80 * MiB);
    huge.release();
    huge.release();
    expect(admission.bodyBytes).toBe(0);
    const chunked = admission.admit(0);
    chunked.resize(3000);
    expect(admission.bodyBytes).toBe(3000);
  });

  it('answers 429 while the queue is full in events, before any body is read', () => {
    const admission = new IngestAdmission(queue(0, true), 1 * MiB);
    expect(refusal(() => admission.admit(100))).toMatchObject({ code: 'over_capacity' });
  });
});
