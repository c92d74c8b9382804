// Realistic browser events for grouping tests: the shop's checkout bundle as two releases serve it.

import { fingerprintEvent } from '../fingerprint.ts';
import { normalizeEvent } from '../normalize.ts';

export const ctx = { receivedAtMs: Date.UTC(2026, 10, 25, 12), clockDriftMs: 0 };

export type RawFrame = Record<string, unknown>;

export function browserError(value: string, frames: RawFrame[], extra: Record<string, unknown> = {}) {
  return normalizeEvent(
    {
      platform: 'javascript',
      exception: { values: [{ type: 'TypeError', value, stacktrace: { frames } }] },
      ...extra,
    },
    ctx,
  );
}

/** The shop's cart bundle as two different releases serve it: new hash, code moved by unrelated edits. */
export function cartFrames(release: { hash: string; shift: number }): RawFrame[] {
  const file = `https://shop.example.com/static/js/main.${release.hash}.js?v=${release.shift}`;
  return [
    {
      filename: 'https://shop.example.com/static/js/vendor.js',
      function: 'HTMLButtonElement.dispatch',
      lineno: 3,
      colno: 101,
      in_app: false,
    },
    {
      filename: file,
      function: 'Object.onCheckoutClick [as handler]',
      lineno: 210 + release.shift,
      colno: 9,
      in_app: true,
    },
    { filename: file, function: 'async submitOrder', lineno: 88 + release.shift, colno: 15, in_app: true },
    { filename: file, function: 'chargeCard', lineno: 42 + release.shift, colno: 31, in_app: true },
  ];
}

export const hashOf = (event: ReturnType<typeof normalizeEvent>) => fingerprintEvent(event).hash;
