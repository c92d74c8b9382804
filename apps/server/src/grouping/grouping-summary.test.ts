import { describe, expect, it } from 'vitest';
import { fingerprintEvent } from './fingerprint.ts';
import { groupingSummary } from './grouping-summary.ts';
import { normalizeEvent } from './normalize.ts';

const ctx = { receivedAtMs: Date.UTC(2026, 11, 7, 12), clockDriftMs: 0 };
const summaryOf = (raw: Record<string, unknown>) => {
  const { strategy, components } = fingerprintEvent(normalizeEvent(raw, ctx));
  return groupingSummary(strategy, components);
};
const frame = (file: string, fn: string, inApp: boolean) => ({
  filename: file,
  function: fn,
  lineno: 3,
  in_app: inApp,
});
const exception = (value: Record<string, unknown>) => ({ exception: { values: [value] } });

describe('the grouping summary says what the events were grouped by, on every path', () => {
  it('in-app frames', () => {
    const stacktrace = {
      frames: [frame('lib/x.js', 'run', false), frame('src/a.ts', 'a', true), frame('src/b.ts', 'b', true)],
    };
    expect(summaryOf(exception({ type: 'Error', value: 'x', stacktrace }))).toBe(
      'Grouped by 2 in-app frames of the stack trace.',
    );
  });

  it('every frame, when none is in-app', () => {
    const stacktrace = { frames: [frame('lib/x.rb', 'run', false)] };
    expect(summaryOf(exception({ type: 'Error', value: 'x', stacktrace }))).toBe(
      'Grouped by 1 frame, none in-app.',
    );
  });

  it('the type and value, without a stack trace', () => {
    expect(summaryOf(exception({ type: 'KeyError', value: "'id'" }))).toBe(
      'Grouped by the exception type and value (parameters replaced): the event has no stack trace.',
    );
  });

  it("a non-Error value's type and value, even with the SDK's own stack trace", () => {
    const rejection = {
      type: 'Error',
      value: 'Object captured as exception with keys: status',
      mechanism: { type: 'auto.node.onunhandledrejection', handled: false, synthetic: true },
      stacktrace: { frames: [frame('node:internal/process/promises', 'processPromiseRejections', false)] },
    };
    expect(summaryOf({ platform: 'node', ...exception(rejection) })).toBe(
      'Grouped by the type and value (parameters replaced) the SDK gave a thrown or rejected value that was not an Error.',
    );
  });

  it('the message, the fingerprint the SDK sent, or nothing', () => {
    expect(summaryOf({ message: 'Order 42 failed' })).toBe('Grouped by the message (parameters replaced).');
    expect(summaryOf({ message: 'x', fingerprint: ['checkout'] })).toBe(
      'Grouped by the fingerprint the SDK sent.',
    );
    expect(summaryOf({})).toBe('Grouped with every event that has no exception, stack trace or message.');
  });
});
