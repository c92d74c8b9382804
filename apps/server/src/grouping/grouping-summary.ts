// One sentence on why an issue's events are together, true for each way grouping can go: the
// dashboard shows it above the fingerprint's components.

import { type FingerprintComponent, SYNTHETIC_TYPE_HINT } from './fingerprint.ts';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * @example groupingSummary('system', [{ id: 'frame', value: 'movie.rb in <main>' }]) // 'Grouped by 1 frame, none in-app.'
 */
export function groupingSummary(strategy: string, components: readonly FingerprintComponent[]): string {
  const frames = components.filter((c) => c.id === 'frame').length;
  switch (strategy) {
    case 'stacktrace':
      return `Grouped by ${plural(frames, 'in-app frame')} of the stack trace.`;
    case 'system':
      return `Grouped by ${plural(frames, 'frame')}, none in-app.`;
    case 'exception':
      // A value thrown or rejected that was not an Error: its stack trace, when the SDK sent one, is
      // where the SDK made the exception up, and did not count.
      return components.some((c) => c.hint === SYNTHETIC_TYPE_HINT)
        ? 'Grouped by the type and value (parameters replaced) the SDK gave a thrown or rejected value that was not an Error.'
        : 'Grouped by the exception type and value (parameters replaced): the event has no stack trace.';
    case 'message':
      return 'Grouped by the message (parameters replaced).';
    case 'custom':
      return 'Grouped by the fingerprint the SDK sent.';
    case 'fallback':
      return 'Grouped with every event that has no exception, stack trace or message.';
    default:
      return `Grouped by ${strategy}.`;
  }
}
