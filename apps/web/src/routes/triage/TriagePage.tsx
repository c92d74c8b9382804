// A project's weekly triage: who is on duty this week and the next ones, the inbox waiting for them
// with the button that opens it, and how past weeks went (week by week, previous / next).

import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { useCan } from '../../api/permissions.ts';
import { projectsQuery } from '../../api/queries.ts';
import { formatCount } from '../../ui/format.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { INBOX_QUERY } from '../issues/stream-search.ts';
import { RotationPanel } from './RotationPanel.tsx';
import { reportQuery, rotationQuery } from './triage-queries.ts';
import { WeekReport } from './WeekReport.tsx';
import './triage.css';

export function TriagePage() {
  const { projectId } = useParams({ from: '/app/projects/$projectId/triage' });
  const { week } = useSearch({ from: '/app/projects/$projectId/triage' });
  const id = Number(projectId);
  const project = useQuery({ ...projectsQuery, select: (list) => list.find((p) => p.id === id) });
  const rotation = useQuery(rotationQuery(id));
  // The current week's report carries the inbox's size now, whichever week is shown below.
  const thisWeek = useQuery({
    ...reportQuery(id, rotation.data?.currentWeek),
    enabled: rotation.data !== undefined,
  });
  const canTriage = useCan(id, 'triage');
  const onDuty = rotation.data?.onDuty;
  return (
    <div className="page">
      <h1>
        <span className="muted">{project.data?.name ?? `Project ${projectId}`} /</span> Weekly triage
      </h1>
      <section className="card duty" aria-labelledby="duty-heading">
        <div className="duty-who">
          <h2 id="duty-heading">On duty this week</h2>
          {rotation.isPending ? <div className="skeleton-line" /> : null}
          {rotation.isError ? <ErrorNotice error={rotation.error} /> : null}
          {rotation.data ? (
            onDuty ? (
              <p className="duty-name">
                {onDuty.name || onDuty.email}{' '}
                <span className="muted small">{onDuty.name ? onDuty.email : ''}</span>
              </p>
            ) : (
              <p className="muted">Nobody: this project has no triage rotation yet.</p>
            )
          ) : null}
        </div>
        <div className="duty-inbox">
          <p>
            <span className="duty-count">{thisWeek.data ? formatCount(thisWeek.data.inboxNow) : '…'}</span>{' '}
            {thisWeek.data?.inboxNow === 1 ? 'issue waits' : 'issues wait'} in the inbox
          </p>
          <Link
            to="/projects/$projectId/issues"
            params={{ projectId }}
            search={{ query: INBOX_QUERY }}
            className={canTriage ? 'button button-primary' : 'button'}
          >
            {canTriage ? 'Start triage' : 'Open the inbox'}
          </Link>
        </div>
      </section>
      {rotation.isPending ? <Loading what="the rotation" /> : null}
      {rotation.data ? <RotationPanel projectId={id} rotation={rotation.data} /> : null}
      <WeekReport projectId={id} week={week} />
    </div>
  );
}
