// What happened before the error, oldest first, as a timeline.

import type { BreadcrumbView } from '../../api/event-data.ts';
import { clockTime, exactTime } from '../../ui/format.ts';

export function Breadcrumbs({ breadcrumbs }: { breadcrumbs: BreadcrumbView[] }) {
  return (
    <div className="panel">
      <h3>Breadcrumbs</h3>
      <ol className="breadcrumbs">
        {breadcrumbs.map((b, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: breadcrumbs are positional
          <li key={i} className={`crumb crumb-${b.level ?? 'info'}`}>
            <span className="crumb-time mono" title={b.timestamp ? exactTime(b.timestamp) : undefined}>
              {b.timestamp ? clockTime(b.timestamp) : ''}
            </span>
            <span className="crumb-category mono">{b.category ?? b.type ?? 'default'}</span>
            <span className="crumb-message">
              {b.message ?? ''}
              {b.data.length > 0 ? (
                <span className="crumb-data mono">
                  {b.data.map(([k, v]) => (
                    <span key={k}>
                      {k}={v}{' '}
                    </span>
                  ))}
                </span>
              ) : null}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
