// A project's DSN, to paste into an SDK's init: what a team needs before its first event arrives.
// The full form adds the setup snippets of each SDK (the same as the project's settings show).

import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { projectKeysQuery } from '../../api/queries.ts';
import { CopyButton } from '../../ui/CopyButton.tsx';

// Loaded with the first page that shows it, not with the projects page.
const SdkSetup = lazy(() => import('../../ui/SdkSetup.tsx').then((m) => ({ default: m.SdkSetup })));

export function DsnSnippet({ projectId, compact = false }: { projectId: number; compact?: boolean }) {
  const keys = useQuery(projectKeysQuery(projectId));
  const key = keys.data?.find((k) => k.revokedAt === null);
  if (keys.isError) return null;
  if (keys.isPending) return <div className="skeleton-line" aria-hidden="true" />;
  if (!key)
    return (
      <p className="small muted">
        Every DSN key of this project is revoked: a new one is made in its settings.
      </p>
    );
  return (
    <div className="dsn">
      <div className="dsn-line">
        <span className="dsn-label">DSN</span>
        <code className="mono dsn-value">{key.dsn}</code>
        <CopyButton text={key.dsn} what="the DSN" />
      </div>
      {compact ? null : (
        <Suspense fallback={<div className="skeleton-row" aria-hidden="true" />}>
          <SdkSetup dsn={key.dsn} />
        </Suspense>
      )}
    </div>
  );
}
