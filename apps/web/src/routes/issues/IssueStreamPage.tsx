// A project's issue stream: the inbox by default, any search of the query language (with completion),
// environment and release pickers, sorted and paged with the API's cursor, each row with its sparkline.
// It refreshes itself, so new issues and events show without a reload. Triage controls and shortcuts
// show only to those who may triage the project; others read the stream.

import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useCan, useCapabilitiesKnown } from '../../api/permissions.ts';
import { issuesQuery, projectsQuery } from '../../api/queries.ts';
import { issueCountQuery, releasesQuery } from '../../api/stream-queries.ts';
import { clockTime } from '../../ui/format.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { BulkBar, SelectAllBanner, TriageOutcome } from './BulkBar.tsx';
import { EmptyStream } from './EmptyStream.tsx';
import { useKeyboardTriage } from './keyboard-triage.ts';
import { SearchBar } from './SearchBar.tsx';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { StreamFilters } from './StreamFilters.tsx';
import { StreamTable } from './StreamTable.tsx';
import { suggestedChoice, useSuggestions } from './SuggestedOwner.tsx';
import { SORTS, type Sort, type SparklinePeriod, VIEWS } from './stream-search.ts';
import './stream.css';

export function IssueStreamPage() {
  const { projectId } = useParams({ from: '/app/projects/$projectId/issues' });
  const search = useSearch({ from: '/app/projects/$projectId/issues' });
  const navigate = useNavigate({ from: '/projects/$projectId/issues' });
  const id = Number(projectId);
  const sort = search.sort ?? 'lastSeen';
  const period: SparklinePeriod = search.stats ?? '24h';
  const canTriage = useCan(id, 'triage');
  const capabilitiesKnown = useCapabilitiesKnown();
  const project = useQuery({ ...projectsQuery, select: (list) => list.find((p) => p.id === id) });
  const streamSearch = { query: search.query, sort, cursor: search.cursor, stats: period };
  const issues = useQuery(issuesQuery(id, streamSearch));
  const list = issues.data?.issues ?? [];
  const suggestions = useSuggestions(
    id,
    list.map((i) => i.id),
  );
  const keyboard = useKeyboardTriage(
    id,
    streamSearch,
    list.map((i) => i.id),
    canTriage,
  );
  // Counted only once the whole page is selected: "select all N issues matching this search".
  const count = useQuery({
    ...issueCountQuery(id, search.query),
    enabled: canTriage && keyboard.pageSelected,
  });
  const currentRelease = useQuery({ ...releasesQuery(id), enabled: canTriage }).data?.[0]?.version ?? null;

  // A new search or sort starts from the first page; the graph's period stays.
  const setSearch = (next: { query?: string; sort?: Sort; stats?: SparklinePeriod }) =>
    navigate({
      search: (prev) => {
        const query = next.query ?? prev.query;
        const nextSort = next.sort ?? prev.sort ?? 'lastSeen';
        const stats = next.stats ?? prev.stats ?? '24h';
        return {
          query,
          ...(nextSort === 'lastSeen' ? {} : { sort: nextSort }),
          ...(stats === '14d' ? { stats } : {}),
          ...(next.stats !== undefined && prev.cursor ? { cursor: prev.cursor } : {}),
        };
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
            search={{
              query: view.query,
              ...(search.sort ? { sort: search.sort } : {}),
              ...(search.stats ? { stats: search.stats } : {}),
            }}
            className="tab"
            // The router marks the link of the view shown (aria-current="page") by its whole URL.
            activeOptions={{ exact: true, includeSearch: true }}
          >
            {view.label}
          </Link>
        ))}
      </nav>
      <div className="toolbar">
        <SearchBar
          key={search.query}
          projectId={id}
          query={search.query}
          onSearch={(query) => setSearch({ query })}
        />
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
      <StreamFilters
        projectId={id}
        query={search.query}
        onQuery={(query) => setSearch({ query })}
        period={period}
        onPeriod={(stats) => setSearch({ stats })}
      />
      {issues.isError ? <ErrorNotice error={issues.error} title="The search failed:" /> : null}
      {canTriage ? <TriageOutcome outcome={keyboard.triage.outcome} projectId={id} /> : null}
      {issues.isPending || (issues.isSuccess && !capabilitiesKnown) ? <Loading what="issues" /> : null}
      {issues.isSuccess && capabilitiesKnown && list.length === 0 ? (
        <EmptyStream query={search.query} projectId={id} />
      ) : null}
      {capabilitiesKnown && list.length > 0 ? (
        <>
          {canTriage ? (
            <>
              <BulkBar
                projectId={id}
                targets={keyboard.targets.length}
                selectedCount={keyboard.selected.size}
                allMatching={keyboard.allMatching ? (count.data ?? null) : null}
                currentRelease={currentRelease}
                pending={keyboard.triage.pending}
                openMenu={keyboard.openMenu}
                onOpenMenuChange={keyboard.setOpenMenu}
                onAction={keyboard.act}
                onGithub={keyboard.fileGithub}
                suggested={
                  keyboard.targets.length === 1
                    ? suggestedChoice(suggestions.get(keyboard.targets[0]!))
                    : null
                }
                onClear={keyboard.clear}
                onHelp={() => keyboard.setHelp(true)}
              />
              {keyboard.pageSelected ? (
                <SelectAllBanner
                  pageCount={list.length}
                  query={search.query}
                  count={count.data}
                  allMatching={keyboard.allMatching}
                  onSelectAll={keyboard.selectAllMatching}
                  onClear={keyboard.clear}
                />
              ) : null}
            </>
          ) : (
            <p className="muted small read-only-note">
              You can read this project's issues; triage is for its members.{' '}
              <button type="button" className="link-button" onClick={() => keyboard.setHelp(true)}>
                Shortcuts <kbd>?</kbd>
              </button>
            </p>
          )}
          <StreamTable
            projectId={id}
            issues={list}
            period={period}
            canTriage={canTriage}
            focusedId={keyboard.focusedId}
            selected={keyboard.selected}
            onFocusRow={keyboard.setFocusedId}
            onToggle={keyboard.toggle}
            onToggleAll={keyboard.toggleAll}
            suggestions={suggestions}
          />
        </>
      ) : null}
      <nav aria-label="Pages" className="pager">
        {search.cursor ? (
          <Link
            to="/projects/$projectId/issues"
            params={{ projectId }}
            search={{
              query: search.query,
              ...(search.sort ? { sort: search.sort } : {}),
              ...(search.stats ? { stats: search.stats } : {}),
            }}
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
      <ShortcutsDialog isOpen={keyboard.help} onOpenChange={keyboard.setHelp} canTriage={canTriage} />
    </div>
  );
}
