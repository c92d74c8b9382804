// The exception chain, the caught one first, each with its frames most recent call first: the
// application's own frames open with their source lines, library frames folded (the top frame opens
// when none is the application's). Frame.tsx draws one frame.

import type { ExceptionView } from '../../api/event-data.ts';
import { Frame } from './Frame.tsx';

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
              <Frame
                // biome-ignore lint/suspicious/noArrayIndexKey: frames have no id but their place
                key={j}
                frame={frame}
                open={frame.inApp || (j === 0 && !exception.frames.some((f) => f.inApp))}
              />
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}
