// The latest event of an issue, section by section; every value in it is the SDK's and shown as text.

import { useMemo } from 'react';
import { readEvent } from '../../api/event-data.ts';
import type { EventDetail } from '../../api/types.ts';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { ExceptionChain } from './ExceptionChain.tsx';
import { KeyValues } from './KeyValues.tsx';
import { RequestSection } from './RequestSection.tsx';

export function EventDetails({ event }: { event: EventDetail }) {
  const view = useMemo(() => readEvent(event.data), [event.data]);
  const showMessage = view.message !== null && view.exceptions.every((e) => e.value !== view.message);
  return (
    <section className="event" aria-labelledby="event-heading">
      <div className="section-head">
        <h2 id="event-heading">Latest event</h2>
        <span className="muted small">
          <span className="mono">{event.eventId}</span> · <RelativeTime iso={event.timestamp} />
          {event.release ? (
            <>
              {' '}
              · release <span className="mono">{event.release}</span>
            </>
          ) : null}
          {event.environment ? <> · {event.environment}</> : null}
        </span>
      </div>
      {showMessage ? (
        <div className="panel">
          <h3>Message</h3>
          <pre className="message-text">{view.message}</pre>
        </div>
      ) : null}
      {view.exceptions.length > 0 ? <ExceptionChain exceptions={view.exceptions} /> : null}
      {view.breadcrumbs.length > 0 ? <Breadcrumbs breadcrumbs={view.breadcrumbs} /> : null}
      {view.request ? <RequestSection request={view.request} /> : null}
      <div className="panel-grid">
        {view.user.length > 0 ? <KeyValues title="User" pairs={view.user} /> : null}
        {view.tags.length > 0 ? <KeyValues title="Tags" pairs={view.tags} /> : null}
        {view.contexts.map(([name, pairs]) => (
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
        <pre className="code-block">{JSON.stringify(event.data, null, 2)}</pre>
      </details>
    </section>
  );
}
