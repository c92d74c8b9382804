// A project's issue stream: the inbox by default, any search of the query language, sorted and paged
// with the API's cursor. It refreshes itself, so new issues and events show without a reload.

import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { issuesQuery, projectsQuery } from '../../api/queries.ts';
import { clockTime } from '../../ui/format.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { DsnSnippet } from '../projects/DsnSnippet.tsx';
import { BulkBar } from './BulkBar.tsx';
import { useKeyboardTriage } from './keyboard-triage.ts';
import { SearchBar } from './SearchBar.tsx';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { StreamTable } from './StreamTable.tsx';
import { INBOX_QUERY, SORTS, type Sort, VIEWS } from './stream-search.ts';

export function IssueStreamPage() {
  const { projectId } = useParams({ from: '/app/projects/$projectId/issues' });
  const search = useSearch({ from: '/app/projects/$projectId/issues' });
  const navigate = useNavigate({ from: '/projects/$projectId/issues' });
  const id = Number(projectId);
  const sort = search.sort ?? 'lastSeen';
  const project = useQuery({ ...projectsQuery, select: (list) => list.find((p) => p.id === id) });
  const streamSearch = { query: search.query, sort, cursor: search.cursor };
  const issues = useQuery(issuesQuery(id, streamSearch));
  const list = issues.data?.issues ?? [];
  const keyboard = useKeyboardTriage(
    id,
    streamSearch,
    list.map((i) => i.id),
  );

  const setSearch = (next: { query?: string; sort?: Sort }) =>
    navigate({
      search: (prev) => {
        const merged = { query: next.query ?? prev.query, sort: next.sort ?? prev.sort ?? 'lastSeen' };
        return merged.sort === 'lastSeen'
          ? { query: merged.query }
          : { query: merged.query, sort: merged.sort };
      },
    });

  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1>
          <span className="muted">{project.data?.name ?? `Project ${projectId}`} /</span> Issues
        </h1>
        {issues.dataUpdatedAt > 0 ? (
          <span className="muted small live" aria-live="off">
            <span className="live-dot" aria-hidden="true" /> updated{' '}
            {clockTime(new Date(issues.dataUpdatedAt).toISOString())}
          </span>
        ) : null}
      </div>
      <nav aria-label="Views" className="tabs">
        {VIEWS.map((view) => (
          <Link
            key={view.label}
            to="/projects/$projectId/issues"
            params={{ projectId }}
            search={{ query: view.query, ...(search.sort ? { sort: search.sort } : {}) }}
            className="tab"
            // The router marks the link of the view shown (aria-current="page") by its whole URL.
            activeOptions={{ exact: true, includeSearch: true }}
          >
            {view.label}
          </Link>
        ))}
      </nav>
      <div className="toolbar">
        <SearchBar key={search.query} query={search.query} onSearch={(query) => setSearch({ query })} />
        <label className="sort">
          <span>Sort by</span>
          <select value={sort} onChange={(e) => setSearch({ sort: e.target.value as Sort })}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {issues.isError ? <ErrorNotice error={issues.error} title="The search failed:" /> : null}
      <div aria-live="polite" className="triage-outcome">
        {keyboard.triage.outcome ? (
          <p className={keyboard.triage.outcome.ok ? 'notice notice-ok' : 'notice notice-error'}>
            {keyboard.triage.outcome.text}
          </p>
        ) : null}
      </div>
      {issues.isPending ? <Loading what="issues" /> : null}
      {issues.isSuccess && list.length === 0 ? <EmptyStream query={search.query} projectId={id} /> : null}
      {list.length > 0 ? (
        <>
          <BulkBar
            projectId={id}
            targets={keyboard.targets.length}
            selectedCount={keyboard.selected.size}
            pending={keyboard.triage.pending}
            openMenu={keyboard.openMenu}
            onOpenMenuChange={keyboard.setOpenMenu}
            onAction={keyboard.act}
            onClear={() => keyboard.setSelected(new Set())}
            onHelp={() => keyboard.setHelp(true)}
          />
          <StreamTable
            issues={list}
            focusedId={keyboard.focusedId}
            selected={keyboard.selected}
            onFocusRow={keyboard.setFocusedId}
            onToggle={keyboard.toggle}
            onToggleAll={keyboard.toggleAll}
          />
        </>
      ) : null}
      <nav aria-label="Pages" className="pager">
        {search.cursor ? (
          <Link
            to="/projects/$projectId/issues"
            params={{ projectId }}
            search={{ query: search.query, ...(search.sort ? { sort: search.sort } : {}) }}
          >
            ← First page
          </Link>
        ) : null}
        {issues.data?.next ? (
          <Link
            to="/projects/$projectId/issues"
            params={{ projectId }}
            search={{ ...search, cursor: issues.data.next }}
            className="pager-next"
          >
            Next page →
          </Link>
        ) : null}
      </nav>
      <ShortcutsDialog isOpen={keyboard.help} onOpenChange={keyboard.setHelp} />
    </div>
  );
}

function EmptyStream({ query, projectId }: { query: string; projectId: number }) {
  if (query === INBOX_QUERY) {
    return (
      <div className="empty">
        <h2>Inbox zero</h2>
        <p>No issue is new, regressed or back from snooze since the last triage.</p>
      </div>
    );
  }
  if (query.trim() === '') {
    return (
      <div className="empty">
        <h2>No events yet</h2>
        <p>Point an SDK at this project's DSN; its first error shows here within seconds.</p>
        <DsnSnippet projectId={projectId} />
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
