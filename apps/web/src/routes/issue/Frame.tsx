// One stack frame: its place (file, line, column, function, in-app or library) as a summary that opens
// on its source lines, the failing one marked, the local variables the SDK sent, and for minified
// JavaScript where it was in the bundle and which source map gave the original (or why none did).

import type { FrameView } from '../../api/event-data.ts';
import { frameLocation, howFound } from './sourcemap-words.ts';

/** One frame; `open` shows its source lines and local variables at first. */
export function Frame({
  frame,
  open,
  minified = null,
}: {
  frame: FrameView;
  open: boolean;
  /** The frame as the SDK sent it, when a source map turned it into this one. */
  minified?: FrameView | null;
}) {
  const hasSource = frame.contextLine !== null;
  const unmapped = frame.symbolication?.status === 'unmapped';
  const summary = (
    <>
      <span className="mono frame-file">{frameLocation(frame)}</span>
      {frame.function ? <span className="mono frame-fn"> in {frame.function}</span> : null}
      {frame.inApp ? <span className="badge badge-app">in app</span> : null}
      {unmapped ? <span className="badge badge-unmapped">not mapped</span> : null}
    </>
  );
  if (!hasSource && frame.vars.length === 0 && frame.symbolication === null) {
    return (
      <li className={`frame ${frame.inApp ? 'frame-app' : 'frame-lib'}`}>
        <div className="frame-summary">{summary}</div>
      </li>
    );
  }
  return (
    <li className={`frame ${frame.inApp ? 'frame-app' : 'frame-lib'}`}>
      <details open={open}>
        <summary className="frame-summary">{summary}</summary>
        {frame.symbolication ? <FrameMapNote frame={frame} minified={minified} /> : null}
        {hasSource ? <SourceLines frame={frame} /> : null}
        {frame.vars.length > 0 ? (
          <dl className="kv frame-vars" aria-label="Local variables">
            {frame.vars.map(([name, value]) => (
              <div key={name} className="kv-row">
                <dt className="mono">{name}</dt>
                <dd className="mono">{value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
      </details>
    </li>
  );
}

/** Which map gave this frame, from where in the bundle; or why the frame is as the SDK sent it. */
function FrameMapNote({ frame, minified }: { frame: FrameView; minified: FrameView | null }) {
  const s = frame.symbolication;
  if (s === null) return null;
  if (s.status === 'unmapped') {
    return <p className="frame-map small">Not mapped: {s.reason}</p>;
  }
  return (
    <p className="frame-map small muted">
      {minified ? (
        <>
          Minified at <span className="mono">{frameLocation(minified)}</span>, mapped
        </>
      ) : (
        'Mapped'
      )}{' '}
      with <span className="mono">{s.map}</span>, found {howFound(s)}
    </p>
  );
}

function SourceLines({ frame }: { frame: FrameView }) {
  const first = frame.lineno === null ? null : frame.lineno - frame.preContext.length;
  const lines = [
    ...frame.preContext.map((text) => ({ text, failing: false })),
    { text: frame.contextLine ?? '', failing: true },
    ...frame.postContext.map((text) => ({ text, failing: false })),
  ];
  return (
    <pre className="source">
      {lines.map((line, i) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
          key={i}
          className={line.failing ? 'source-line source-failing' : 'source-line'}
          aria-current={line.failing ? 'true' : undefined}
        >
          <span className="source-no" aria-hidden="true">
            {first === null ? '' : first + i}
          </span>
          <code>{line.text}</code>
          {line.failing ? <span className="visually-hidden"> (the failing line)</span> : null}
        </div>
      ))}
    </pre>
  );
}
