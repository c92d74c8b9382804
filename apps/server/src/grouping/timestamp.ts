// Event time as Relay reads it: float seconds since the epoch or an RFC 3339 string (UTC when the
// zone is missing), corrected for the client's clock drift and clamped to a believable window.

/** Relay refuses event times more than a minute ahead of arrival... */
export const MAX_FUTURE_MS = 60_000;
/** ...or older than 30 days; such events are dated when they arrived instead. */
export const MAX_PAST_MS = 30 * 24 * 3600 * 1000;

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Milliseconds since the epoch, or null when the value is neither seconds nor an RFC 3339 date. */
export function parseTimestampMs(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return parseTimestampMs(Number(text));
  const m = ISO_RE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Number(`0.${frac || '0'}`) * 1000;
  const utc = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Math.round(ms),
  );
  if (!Number.isFinite(utc)) return null;
  return utc - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return sign * (hours * 60 + minutes) * 60_000;
}

/** The event's time, drift-corrected; the arrival time when the SDK sent none or an implausible one. */
export function eventTimestampMs(value: unknown, receivedAtMs: number, clockDriftMs: number): number {
  const sent = parseTimestampMs(value);
  if (sent === null) return receivedAtMs;
  const corrected = sent + clockDriftMs;
  if (corrected > receivedAtMs + MAX_FUTURE_MS || corrected < receivedAtMs - MAX_PAST_MS) return receivedAtMs;
  return corrected;
}
