// The triage actions for the selected issues, or the highlighted one when none is selected.

import type { TriageAction } from '../../api/triage.ts';
import { type MenuName, TriageMenus } from './TriageMenus.tsx';

interface Props {
  projectId: number;
  /** Selected issues, or the highlighted one. */
  targets: number;
  selectedCount: number;
  pending: boolean;
  openMenu: MenuName | null;
  onOpenMenuChange: (menu: MenuName | null) => void;
  onAction: (action: TriageAction, label: string) => void;
  onClear: () => void;
  onHelp: () => void;
}

export function BulkBar(props: Props) {
  const { targets, selectedCount } = props;
  return (
    <div className="bulkbar">
      <span className="bulkbar-what">
        {selectedCount > 0
          ? `${selectedCount} selected`
          : targets > 0
            ? 'Highlighted issue'
            : 'Select issues (x)'}
      </span>
      <TriageMenus
        projectId={props.projectId}
        disabled={targets === 0 || props.pending}
        onAction={props.onAction}
        openMenu={props.openMenu}
        onOpenMenuChange={props.onOpenMenuChange}
      />
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
