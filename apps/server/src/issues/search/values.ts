// Reads typed values out of raw search text: escapes and `*` wildcards, relative durations, ISO dates and
// counts. Each reader returns undefined when the text does not fit, and the caller says what was expected.

import type { CountOp, RangeOp } from './ast.ts';

const ESCAPABLE = new Set(['"', '\\', '*']);

/**
 * Splits raw text at its unescaped `*` and resolves `\"`, `\\` and `\*`. Any other backslash is kept as typed,
 * so a Windows path or a regex pasted from a log still searches for what it shows.
 */
export function splitAtWildcards(raw: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    const next = raw[i + 1];
    if (ch === '\\' && next !== undefined && ESCAPABLE.has(next)) {
      current += next;
      i++;
    } else if (ch === '*') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** The text with its escapes resolved and every `*` taken literally. */
export function unescapeValue(raw: string): string {
  return splitAtWildcards(raw).join('*');
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^([+-])(\d{1,7})([smhdw])$/;
export const UNSIGNED_DURATION = /^(?:[<>]=?|=)?\d+[smhdw]$/;

/**
 * `-24h` is "within the last 24 hours" (timestamp >= now - 24h) and `+24h` "more than 24 hours ago"
 * (timestamp <= now - 24h), as in Sentry and in `find -mtime`.
 */
export function readRelativeTime(text: string, nowMs: number): { op: RangeOp; atMs: number } | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const [, sign, amount, unit] = match as unknown as [string, '+' | '-', string, keyof typeof UNIT_MS];
  return { op: sign === '-' ? '>=' : '<=', atMs: nowMs - Number(amount) * UNIT_MS[unit] };
}

const OPERATOR = /^(?:[<>]=?|=)/;
// A date, optionally a time to the minute, second or millisecond, optionally a zone; no zone means UTC.
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Splits a leading comparison operator off the text: `>=2026-11-01` → ['>=', '2026-11-01']. */
export function splitOperator(text: string): [CountOp | undefined, string] {
  const op = OPERATOR.exec(text)?.[0] as CountOp | undefined;
  return [op, op ? text.slice(op.length) : text];
}

/** Epoch ms of an ISO 8601 date or date-time, or undefined when it is malformed or not a real day (02-30). */
export function readIsoDate(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((m[7] ?? '').padEnd(3, '0'));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const parsed = new Date(utc);
  // Date.UTC rolls 2026-02-30 over to March; a day that does not exist is a typo to report, not to guess.
  const real =
    parsed.getUTCFullYear() === year &&
    parsed.getUTCMonth() === month - 1 &&
    parsed.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  return real ? utc - zoneOffsetMs(m[8]) : undefined;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const [hours, minutes] = zone.slice(1).split(':').map(Number) as [number, number];
  return sign * (hours * 60 + minutes) * 60_000;
}

const COUNT = /^(\d+(?:\.\d+)?)([km])?$/i;
const MULTIPLIER = { k: 1_000, m: 1_000_000 } as const;

/** A whole, non-negative count with an optional operator (default `=`) and Sentry's k/m suffixes: `>1.5k`. */
export function readCount(text: string): { op: CountOp; value: number } | undefined {
  const [op, rest] = splitOperator(text);
  const m = COUNT.exec(rest);
  if (!m) return undefined;
  const suffix = m[2]?.toLowerCase() as keyof typeof MULTIPLIER | undefined;
  const scaled = Number(m[1]) * (suffix ? MULTIPLIER[suffix] : 1);
  // 1.1 * 1000 is 1100.0000000000002 in floating point: round, but refuse a fraction of an event (1.0005k).
  const value = Math.round(scaled);
  if (Math.abs(scaled - value) > 1e-6 || !Number.isSafeInteger(value)) return undefined;
  return { op: op ?? '=', value };
}
