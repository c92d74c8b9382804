// The HTTP request the error happened in: method and URL, query, headers and cookies, with the
// values of secrets (authorization, cookies, tokens…) masked.

import { maskSecret, type RequestView } from '../../api/event-data.ts';
import { KeyValues } from './KeyValues.tsx';

export function RequestSection({ request }: { request: RequestView }) {
  return (
    <div className="panel">
      <h3>Request</h3>
      <p className="mono request-line">
        <strong>{request.method ?? 'GET'}</strong> {request.url ?? ''}
      </p>
      <div className="panel-grid">
        {request.query.length > 0 ? <KeyValues title="Query" pairs={request.query} /> : null}
        {request.headers.length > 0 ? (
          <KeyValues title="Headers" pairs={request.headers.map(([k, v]) => [k, maskSecret(k, v)])} />
        ) : null}
        {request.cookies.length > 0 ? (
          <KeyValues
            title="Cookies"
            pairs={request.cookies.map(([k, v]) => [k, v === '' ? '' : '[masked]'])}
          />
        ) : null}
      </div>
      {request.data !== null ? (
        <details>
          <summary>Body</summary>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling block must take the focus for the keyboard to scroll it (axe scrollable-region-focusable) */}
          <pre className="code-block" tabIndex={0}>
            {request.data}
          </pre>
        </details>
      ) : null}
    </div>
  );
}
