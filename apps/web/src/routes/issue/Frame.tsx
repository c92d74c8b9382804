// One stack frame: its place (file, line, column, function, in-app or library) as a summary that opens
// on its source lines, the failing one marked, and the local variables the SDK sent.

import type { FrameView } from '../../api/event-data.ts';

/** One frame; `open` shows its source lines and local variables at first. */
export function Frame({ frame, open }: { frame: FrameView; open: boolean }) {
  const where = [frame.filename ?? frame.module ?? '<unknown>', frame.lineno, frame.colno]
    .filter((x) => x !== null)
    .join(':');
  const hasSource = frame.contextLine !== null;
  const summary = (
    <>
      <span className="mono frame-file">{where}</span>
      {frame.function ? <span className="mono frame-fn"> in {frame.function}</span> : null}
      {frame.inApp ? <span className="badge badge-app">in app</span> : null}
    </>
  );
  if (!hasSource && frame.vars.length === 0) {
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
