// How a stored event's body is encoded: the normalized event as JSON, raw-deflated.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { NormalizedEvent } from '../grouping/event.ts';

export function encodePayload(json: string): Uint8Array {
  return deflateRawSync(json, { level: 3 });
}

export function decodePayload(payload: Uint8Array): NormalizedEvent {
  return JSON.parse(inflateRawSync(payload).toString('utf8')) as NormalizedEvent;
}
