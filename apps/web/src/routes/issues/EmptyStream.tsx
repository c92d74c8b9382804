// What an empty stream says: a project that has never received an event shows how to send its first
// one (its DSN and the SDK setup, as its settings show them) rather than "Inbox zero".

import { useQuery } from '@tanstack/react-query';
import { useCan } from '../../api/permissions.ts';
import { issueCountQuery } from '../../api/stream-queries.ts';
import { DsnSnippet } from '../projects/DsnSnippet.tsx';
import { INBOX_QUERY } from './stream-search.ts';

export function EmptyStream({ query, projectId }: { query: string; projectId: number }) {
  // Every issue of the project, whatever its status: none means no event ever arrived.
  const everything = useQuery(issueCountQuery(projectId, ''));
  if (everything.isPending) return null;
  if (everything.data?.count === 0) return <FirstEvent projectId={projectId} />;
  if (query === INBOX_QUERY) {
    return (
      <div className="empty">
        <h2>Inbox zero</h2>
        <p>No issue is new, regressed or back from snooze since the last triage.</p>
      </div>
    );
  }
  return (
    <div className="empty">
      <h2>No issue matches this search</h2>
      <p>Loosen the search, or look at every issue of the project with the “All” view.</p>
    </div>
  );
}

function FirstEvent({ projectId }: { projectId: number }) {
  // The keys are read with the `read` capability (GET /projects/{id}/keys); without it, no DSN to show.
  const canReadKeys = useCan(projectId, 'read');
  const settings = `/projects/${projectId}/settings#keys`;
  if (!canReadKeys) {
    return (
      <div className="empty first-event">
        <h2>No events yet</h2>
        <p>
          This project has received no event yet. Its owners and admins find the DSN to give its SDKs in the
          project's settings.
        </p>
      </div>
    );
  }
  return (
    <div className="empty first-event">
      <h2>No events yet</h2>
      <p>Send your first event: give an SDK this DSN, and its first error shows here within seconds.</p>
      <DsnSnippet projectId={projectId} />
      <p className="small muted">
        {/* The settings page is its own route; a plain link works whether or not it is loaded yet. */}
        Every key of the project, and how to limit or revoke one, is in{' '}
        <a href={settings}>the project's DSN keys</a>.
      </p>
    </div>
  );
}
