// A project's DSN, to paste into an SDK's init: what a team needs before its first event arrives.

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { projectKeysQuery } from '../../api/queries.ts';

export function DsnSnippet({ projectId, compact = false }: { projectId: number; compact?: boolean }) {
  const keys = useQuery(projectKeysQuery(projectId));
  const key = keys.data?.find((k) => k.revokedAt === null);
  const [copied, setCopied] = useState(false);
  if (keys.isError) return null;
  if (!key) return <div className="skeleton-line" aria-hidden="true" />;
  const copy = async () => {
    await navigator.clipboard.writeText(key.dsn);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <div className="dsn">
      <div className="dsn-line">
        <span className="dsn-label">DSN</span>
        <code className="mono dsn-value">{key.dsn}</code>
        <button type="button" className="button button-quiet button-small" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {compact ? null : (
        <pre className="code-block">
          <code>{`import * as Sentry from '@sentry/node'; // or @sentry/browser, sentry_sdk…
Sentry.init({ dsn: '${key.dsn}' });`}</code>
        </pre>
      )}
    </div>
  );
}
