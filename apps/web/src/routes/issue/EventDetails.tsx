// One event of an issue, section by section: where it ran (browser, OS, runtime, device), the message,
// the exception chain, breadcrumbs, request, user, tags, other contexts, additional data, SDK and the
// raw JSON. Every value in it is the SDK's and shown as text.

import { useMemo } from 'react';
import { readEvent } from '../../api/event-data.ts';
import type { EventDetail } from '../../api/types.ts';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { ContextSummary, SUMMARIZED_CONTEXTS } from './ContextSummary.tsx';
import { ExceptionChain } from './ExceptionChain.tsx';
import { KeyValues } from './KeyValues.tsx';
import { RequestSection } from './RequestSection.tsx';

export function EventDetails({ event }: { event: EventDetail }) {
  const view = useMemo(() => readEvent(event.data), [event.data]);
  const showMessage = view.message !== null && view.exceptions.every((e) => e.value !== view.message);
  return (
    <div className="event-body">
      <ContextSummary contexts={view.contexts} />
      {showMessage ? (
        <div className="panel">
          <h3>Message</h3>
          <pre className="message-text">{view.message}</pre>
        </div>
      ) : null}
      {view.exceptions.length > 0 ? (
        <ExceptionChain exceptions={view.exceptions} symbolication={view.symbolication} />
      ) : null}
      {view.breadcrumbs.length > 0 ? <Breadcrumbs breadcrumbs={view.breadcrumbs} /> : null}
      {view.request ? <RequestSection request={view.request} /> : null}
      <div className="panel-grid">
        {view.user.length > 0 ? <KeyValues title="User" pairs={view.user} /> : null}
        {view.tags.length > 0 ? <KeyValues title="Tags" pairs={view.tags} /> : null}
        {view.contexts
          .filter(([name, pairs]) => pairs.length > 0 && !SUMMARIZED_CONTEXTS.has(name))
          .map(([name, pairs]) => (
            <KeyValues key={name} title={`Context: ${name}`} pairs={pairs} />
          ))}
        {view.extra.length > 0 ? <KeyValues title="Additional data" pairs={view.extra} /> : null}
        {view.sdk ? (
          <KeyValues
            title="SDK"
            pairs={[
              ['name', view.sdk.name],
              ['version', view.sdk.version],
              ...(view.platform ? ([['platform', view.platform]] as Array<[string, string]>) : []),
            ]}
          />
        ) : null}
      </div>
      <details className="panel raw-json">
        <summary>Raw JSON of the event</summary>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling block must take the focus for the keyboard to scroll it (axe scrollable-region-focusable) */}
        <pre className="code-block" tabIndex={0}>
          {JSON.stringify(event.data, null, 2)}
        </pre>
      </details>
    </div>
  );
}
