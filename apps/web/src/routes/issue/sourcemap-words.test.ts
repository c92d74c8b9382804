import { describe, expect, it } from 'vitest';
import { readEvent } from '../../api/event-data.ts';
import { frameLocation, mapsUsed, unmappedReasons } from './sourcemap-words.ts';

const MAP = '~/assets/index-B8x.js.map';

describe('source map words', () => {
  const view = readEvent({
    exceptions: [
      {
        type: 'RangeError',
        frames: [
          {
            filename: 'https://cdn.test/vendor.js',
            lineno: 1,
            colno: 9,
            symbolication: {
              status: 'unmapped',
              reason: 'no source map with debug id 1 was uploaded to this project',
            },
          },
          {
            filename: 'https://cdn.test/other.js',
            lineno: 1,
            colno: 3,
            symbolication: {
              status: 'unmapped',
              reason: 'no source map with debug id 1 was uploaded to this project',
            },
          },
          {
            filename: 'src/main.ts',
            lineno: 20,
            colno: 3,
            symbolication: { status: 'mapped', map: MAP, via: 'debug_id', debugId: '4f1c' },
          },
          {
            filename: 'src/coupon.ts',
            lineno: 7,
            colno: 11,
            symbolication: { status: 'mapped', map: MAP, via: 'debug_id', debugId: '4f1c' },
          },
          {
            filename: 'src/legacy.ts',
            lineno: 2,
            colno: 1,
            symbolication: { status: 'mapped', map: '~/legacy.js.map', via: 'release', release: 'shop@2' },
          },
        ],
        rawFrames: [{ filename: 'https://cdn.test/vendor.js', lineno: 1, colno: 9 }],
      },
    ],
  });
  const frames = view.exceptions[0]!.frames;

  it('names each map once, with how it was found and how many frames it mapped', () => {
    expect(mapsUsed(frames)).toEqual([
      { map: '~/legacy.js.map', found: "by release shop@2 and the file's URL", frames: 1 },
      { map: MAP, found: 'by debug ID 4f1c', frames: 2 },
    ]);
  });

  it('says why frames were not mapped, each reason once', () => {
    expect(unmappedReasons(frames)).toEqual([
      { reason: 'no source map with debug id 1 was uploaded to this project', frames: 2 },
    ]);
  });

  it('reads the minified frames kept beside the mapped ones, most recent call first', () => {
    expect(view.exceptions[0]!.rawFrames?.map(frameLocation)).toEqual(['https://cdn.test/vendor.js:1:9']);
    expect(frameLocation(frames[0]!)).toBe('src/legacy.ts:2:1');
  });

  it('ignores a symbolication of the wrong shape', () => {
    const odd = readEvent({
      exceptions: [{ frames: [{ symbolication: 'mapped' }, { symbolication: { status: 'maybe' } }] }],
      symbolication: { status: 'unmapped', attemptedAtMs: 1, reason: 42 },
    });
    expect(odd.exceptions[0]!.frames.map((f) => f.symbolication)).toEqual([null, null]);
    expect(odd.symbolication).toEqual({ status: 'unmapped', reason: null });
  });
});
