// The exception chain, the caught one first, each with its frames most recent call first: the
// application's own frames open with their source lines, library frames folded (the top frame opens
// when none is the application's). Minified JavaScript shows its original frames, through the source
// maps uploaded, with the frames as the browser sent them a click away; each stack says which maps
// were used and why frames were not mapped. Frame.tsx draws one frame.

import { useState } from 'react';
import type { EventView, ExceptionView, FrameView } from '../../api/event-data.ts';
import { Frame } from './Frame.tsx';
import { framesWord, mapsUsed, unmappedReasons } from './sourcemap-words.ts';

export function ExceptionChain({
  exceptions,
  symbolication,
}: {
  exceptions: ExceptionView[];
  symbolication: EventView['symbolication'];
}) {
  const [minified, setMinified] = useState(false);
  const hasMinified = exceptions.some((e) => e.rawFrames !== null);
  return (
    <div className="panel">
      <div className="section-head">
        <h3>Exception</h3>
        {hasMinified ? (
          <fieldset className="segmented">
            <legend className="visually-hidden">Stack trace</legend>
            <button
              type="button"
              className="segment"
              aria-pressed={!minified}
              onClick={() => setMinified(false)}
            >
              Original
            </button>
            <button
              type="button"
              className="segment"
              aria-pressed={minified}
              onClick={() => setMinified(true)}
            >
              Minified
            </button>
          </fieldset>
        ) : null}
      </div>
      {symbolication?.reason ? (
        <p className="notice event-unmapped">
          Minified frames, not mapped: {symbolication.reason}. Upload the build's source maps (sentry-cli or
          your bundler's Sentry plugin) and this event is mapped the next time it is shown.
        </p>
      ) : null}
      {exceptions.map((exception, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the chain's order is its identity
        <div key={i} className="exception">
          {i > 0 ? <p className="muted small chained">Caused by</p> : null}
          <p className="exception-title">
            <strong className="mono">{exception.type ?? 'Error'}</strong>
            {exception.value ? <span className="exception-value">: {exception.value}</span> : null}
          </p>
          {exception.mechanism ? (
            <p className="muted small">
              mechanism <span className="mono">{exception.mechanism}</span>
              {exception.handled === false ? ' · unhandled' : exception.handled ? ' · handled' : ''}
            </p>
          ) : null}
          <StackMaps frames={exception.frames} />
          <Frames exception={exception} minified={minified} />
        </div>
      ))}
    </div>
  );
}

function Frames({ exception, minified }: { exception: ExceptionView; minified: boolean }) {
  const raw = exception.rawFrames;
  const frames = minified && raw ? raw : exception.frames;
  // The mapped frames are the raw ones, one for one, in the same order.
  const paired = raw !== null && raw.length === exception.frames.length;
  return (
    <ol className="frames" aria-label={minified && raw ? 'Minified frames' : 'Frames'}>
      {frames.map((frame, j) => (
        <Frame
          // biome-ignore lint/suspicious/noArrayIndexKey: frames have no id but their place
          key={j}
          frame={frame}
          minified={!minified && paired ? (raw[j] ?? null) : null}
          open={frame.inApp || (j === 0 && !frames.some((f) => f.inApp))}
        />
      ))}
    </ol>
  );
}

/** Which source maps gave this stack its original frames, and why the others are as sent. */
function StackMaps({ frames }: { frames: FrameView[] }) {
  const maps = mapsUsed(frames);
  const reasons = unmappedReasons(frames);
  if (maps.length === 0 && reasons.length === 0) return null;
  return (
    <ul className="stack-maps small">
      {maps.map((m) => (
        <li key={`${m.map} ${m.found}`}>
          Source map <span className="mono">{m.map}</span>, found {m.found}: {framesWord(m.frames)} mapped.
        </li>
      ))}
      {reasons.map((r) => (
        <li key={r.reason} className="stack-unmapped">
          {framesWord(r.frames)} not mapped: {r.reason}.
        </li>
      ))}
    </ul>
  );
}
