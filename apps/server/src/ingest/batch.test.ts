import { describe, expect, it } from 'vitest';
import { takeUpTo } from './batch.ts';

describe('takeUpTo', () => {
  const size = (n: number) => n;

  it('takes from the head as many entries as fit, and leaves the rest queued in order', () => {
    const queue = [3, 2, 2, 1, 4];
    expect(takeUpTo(queue, 7, size)).toEqual([3, 2, 2]);
    expect(queue).toEqual([1, 4]);
  });

  it('takes one entry larger than the limit on its own, never part of it', () => {
    const queue = [9, 1];
    expect(takeUpTo(queue, 7, size)).toEqual([9]);
    expect(takeUpTo(queue, 7, size)).toEqual([1]);
    expect(queue).toEqual([]);
  });

  it('stops before an entry that would go over the limit, even when a later one would fit', () => {
    const queue = [5, 3, 1];
    expect(takeUpTo(queue, 7, size)).toEqual([5]);
    expect(queue).toEqual([3, 1]);
  });
});
