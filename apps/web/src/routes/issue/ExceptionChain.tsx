// The exception chain, the caught one first, each with its frames most recent call first: the
// application's own frames open with their source lines, library frames folded.

import type { ExceptionView, FrameView } from '../../api/event-data.ts';

export function ExceptionChain({ exceptions }: { exceptions: ExceptionView[] }) {
  return (
    <div className="panel">
      <h3>Exception</h3>
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
          <ol className="frames">
            {exception.frames.map((frame, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: frames have no id but their place
              <Frame key={j} frame={frame} />
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}

function Frame({ frame }: { frame: FrameView }) {
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
      <details open={frame.inApp}>
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
