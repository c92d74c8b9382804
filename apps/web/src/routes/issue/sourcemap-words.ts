// What source maps did with a stack trace, in words: which maps were used and how each was found
// (the file's debug id, or the event's release and the file's URL), and why frames were not mapped.

import type { FrameSymbolicationView, FrameView } from '../../api/event-data.ts';

type Mapped = Extract<FrameSymbolicationView, { status: 'mapped' }>;

export interface MapUse {
  map: string;
  /** How the map was found, e.g. `by debug ID 4f1c…` or `by release shop@2 and the file's URL`. */
  found: string;
  frames: number;
}

export interface UnmappedReason {
  reason: string;
  frames: number;
}

export function howFound(s: Mapped): string {
  if (s.via === 'release')
    return s.release ? `by release ${s.release} and the file's URL` : "by the file's URL";
  return s.debugId ? `by debug ID ${s.debugId}` : 'by debug ID';
}

/** The maps the frames were mapped with, each once, in the order first used. */
export function mapsUsed(frames: readonly FrameView[]): MapUse[] {
  const uses = new Map<string, MapUse>();
  for (const frame of frames) {
    const s = frame.symbolication;
    if (s?.status !== 'mapped') continue;
    const found = howFound(s);
    const key = `${s.map}\u0000${found}`;
    const use = uses.get(key);
    if (use) use.frames += 1;
    else uses.set(key, { map: s.map, found, frames: 1 });
  }
  return [...uses.values()];
}

/** Why frames were left as the SDK sent them, each reason once with how many frames. */
export function unmappedReasons(frames: readonly FrameView[]): UnmappedReason[] {
  const reasons = new Map<string, UnmappedReason>();
  for (const frame of frames) {
    const s = frame.symbolication;
    if (s?.status !== 'unmapped') continue;
    const known = reasons.get(s.reason);
    if (known) known.frames += 1;
    else reasons.set(s.reason, { reason: s.reason, frames: 1 });
  }
  return [...reasons.values()];
}

/** `src/cart.ts:8:10`: where a frame points. */
export function frameLocation(frame: FrameView): string {
  return [frame.filename ?? frame.module ?? '<unknown>', frame.lineno, frame.colno]
    .filter((x) => x !== null)
    .join(':');
}

export const framesWord = (n: number) => `${n} ${n === 1 ? 'frame' : 'frames'}`;
