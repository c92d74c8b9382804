// Clock drift correction as Relay does it (relay-event-normalization `ClockDriftProcessor`), and the parsing
// of the timestamps Sentry SDKs send.
//
// The rule: drift = time received by the server − the envelope's `sent_at` (the SDK's clock when it sent).
// If |drift|, counted in whole seconds, is at least 55 minutes, the SDK's clock is taken to be wrong (a
// timezone mistake, a device with a dead RTC) and every timestamp of the envelope's events and sessions is
// shifted by the drift: forward when the SDK lags, backward when it runs ahead. Below 55 minutes the
// difference is network latency or ordinary skew and nothing changes. Without `sent_at` there is no correction.

export const MINIMUM_CLOCK_DRIFT_MS = 55 * 60 * 1000;

/** Milliseconds to add to every SDK timestamp of the envelope; 0 when no correction applies. */
export function clockDriftMs(sentAt: string | undefined, receivedAtMs: number): number {
  if (sentAt === undefined) return 0;
  const sentAtMs = parseRfc3339Ms(sentAt);
  if (sentAtMs === undefined) return 0;
  const driftMs = receivedAtMs - sentAtMs;
  // Relay compares whole seconds (chrono's num_seconds truncates toward zero).
  const driftSeconds = Math.trunc(driftMs / 1000);
  return Math.abs(driftSeconds) * 1000 >= MINIMUM_CLOCK_DRIFT_MS ? driftMs : 0;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/**
 * Milliseconds since the epoch of an RFC 3339 date-time, or undefined. A missing offset means UTC, as in
 * Relay (Python's `datetime.utcnow().isoformat()` has none). Fractions finer than a millisecond are dropped.
 */
export function parseRfc3339Ms(value: string): number | undefined {
  const match = RFC3339.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', , sign, offH = '0', offM = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return undefined;
  const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const offsetMs = sign ? (sign === '-' ? -1 : 1) * (Number(offH) * 60 + Number(offM)) * 60_000 : 0;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMs;
}

/**
 * A Sentry protocol timestamp: an RFC 3339 string or a number of seconds since the epoch (fractions allowed),
 * as events, sessions and client reports may carry. Undefined when it is neither.
 */
export function parseSentryTimestampMs(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  if (typeof value !== 'string') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return parseSentryTimestampMs(Number(value));
  return parseRfc3339Ms(value);
}
