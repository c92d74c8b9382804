// The triage actions for the selected issues (those of the page, or every issue the search matches),
// or the highlighted one when none is selected; and what the last action did.

import type { TriageAction } from '../../api/triage.ts';
import { formatCount } from '../../ui/format.ts';
import type { AssignChoice } from './AssignMenu.tsx';
import { GithubSetupLink } from './GithubSetupLink.tsx';
import type { Outcome } from './stream-triage.ts';
import { type MenuName, TriageMenus } from './TriageMenus.tsx';

interface Props {
  projectId: number;
  /** Selected issues, or the highlighted one. */
  targets: number;
  selectedCount: number;
  /** Every issue the search matches is selected: how many (null while counting). */
  allMatching: { count: number; capped: boolean } | null;
  /** The project's most recently seen release: "resolve in the current release". */
  currentRelease: string | null;
  pending: boolean;
  openMenu: MenuName | null;
  onOpenMenuChange: (menu: MenuName | null) => void;
  onAction: (action: TriageAction, label: string) => void;
  onGithub: () => void;
  onClear: () => void;
  onHelp: () => void;
  /** The highlighted (or only selected) issue's suggested owner, proposed first by the assign menu. */
  suggested?: AssignChoice | null;
}

function what({ targets, selectedCount, allMatching }: Props): string {
  if (allMatching)
    return `All ${formatCount(allMatching.count)}${allMatching.capped ? '+' : ''} matching selected`;
  if (selectedCount > 0) return `${selectedCount} selected`;
  return targets > 0 ? 'Highlighted issue' : 'Select issues (x)';
}

export function BulkBar(props: Props) {
  const { targets, selectedCount, pending } = props;
  return (
    <div className="bulkbar">
      <span className="bulkbar-what">{what(props)}</span>
      <TriageMenus
        projectId={props.projectId}
        lastRelease={props.currentRelease}
        disabled={targets === 0 || pending}
        onAction={props.onAction}
        openMenu={props.openMenu}
        onOpenMenuChange={props.onOpenMenuChange}
        suggested={props.suggested}
      />
      <button
        type="button"
        className="button"
        disabled={targets === 0 || pending || props.allMatching !== null}
        onClick={props.onGithub}
        aria-keyshortcuts="g"
        title={props.allMatching ? 'GitHub issues are filed for the issues of this page only' : undefined}
      >
        File on GitHub
      </button>
      {selectedCount > 0 ? (
        <button type="button" className="button button-quiet" onClick={props.onClear}>
          Clear selection
        </button>
      ) : null}
      <button
        type="button"
        className="button button-quiet bulkbar-help"
        onClick={props.onHelp}
        aria-keyshortcuts="?"
      >
        Shortcuts <kbd>?</kbd>
      </button>
    </div>
  );
}

/** What the last action did; a missing GitHub integration links to the project's settings. */
export function TriageOutcome({ outcome, projectId }: { outcome: Outcome | null; projectId: number }) {
  return (
    <div aria-live="polite" className="triage-outcome">
      {outcome ? (
        <p className={outcome.ok ? 'notice notice-ok' : 'notice notice-error'}>
          {outcome.text}
          {outcome.setupGithub ? <GithubSetupLink projectId={projectId} /> : null}
        </p>
      ) : null}
    </div>
  );
}

/** Once the whole page is selected: offer every issue the search matches, or say that they are chosen. */
export function SelectAllBanner(props: {
  pageCount: number;
  query: string;
  count: { count: number; capped: boolean } | undefined;
  allMatching: boolean;
  onSelectAll: () => void;
  onClear: () => void;
}) {
  const { pageCount, count, allMatching } = props;
  if (count === undefined || count.count <= pageCount) return null;
  const total = `${formatCount(count.count)}${count.capped ? '+' : ''}`;
  if (props.query.trim() === '')
    return (
      <p className="select-all">
        All {pageCount} issues on this page are selected. To act on more, narrow the search first (an action
        never applies to every issue of a project).
      </p>
    );
  return (
    <p className="select-all">
      {allMatching ? (
        <>
          All {total} issues matching this search are selected
          {count.capped ? ' (an action applies to 1,000 at a time)' : ''}.{' '}
          <button type="button" className="link-button" onClick={props.onClear}>
            Clear selection
          </button>
        </>
      ) : (
        <>
          All {pageCount} issues on this page are selected.{' '}
          <button type="button" className="link-button" onClick={props.onSelectAll}>
            Select all {total} issues matching this search
          </button>
        </>
      )}
    </p>
  );
}
