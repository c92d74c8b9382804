// Keyboard triage over the rows the stream shows: j/k move the highlight, x selects, o opens, and the
// triage keys act on the selection (or the highlighted issue), opening the resolve, snooze or assign
// menu where there is a choice to make.

import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { issuesQuery } from '../../api/queries.ts';
import { useStreamKeys } from './stream-keys.ts';
import { useStreamTriage } from './stream-triage.ts';
import type { MenuName } from './TriageMenus.tsx';

/** j/k/x/o and the triage keys over the rows shown: which row is highlighted, which are selected. */
export function useKeyboardTriage(
  projectId: number,
  search: Parameters<typeof issuesQuery>[1],
  ids: number[],
) {
  const navigate = useNavigate();
  const triage = useStreamTriage(projectId, search);
  const [focusedId, setFocusedId] = useState<number | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [openMenu, setOpenMenu] = useState<MenuName | null>(null);
  const [help, setHelp] = useState(false);
  const focused = focusedId !== null && ids.includes(focusedId) ? focusedId : null;
  const shown = new Set(ids);
  const chosen = [...selected].filter((id) => shown.has(id));
  const targets = chosen.length > 0 ? chosen : focused === null ? [] : [focused];

  const move = (step: number) => {
    if (ids.length === 0) return;
    const at = focused === null ? -1 : ids.indexOf(focused);
    const next = ids[Math.min(ids.length - 1, Math.max(0, at === -1 && step < 0 ? 0 : at + step))]!;
    setFocusedId(next);
    document.querySelector<HTMLElement>(`tr[data-issue-id="${next}"] .issue-title`)?.focus();
  };
  const toggle = (id: number) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const act = (action: Parameters<typeof triage.run>[1], label: string) => {
    // The highlight moves on to the next issue, as the acted-on ones may leave the list.
    const after = ids.find(
      (id, i) => i > ids.indexOf(targets[targets.length - 1] ?? -1) && !targets.includes(id),
    );
    triage.run(targets, action, label, () => setSelected(new Set()));
    if (after !== undefined) setFocusedId(after);
  };

  useStreamKeys({
    next: () => move(1),
    previous: () => move(-1),
    toggleSelect: () => (focused === null ? undefined : toggle(focused)),
    open: () =>
      focused === null
        ? undefined
        : navigate({ to: '/issues/$issueId', params: { issueId: String(focused) } }),
    resolve: () => targets.length > 0 && setOpenMenu('resolve'),
    ignore: () => act({ type: 'ignore' }, 'Ignore'),
    snooze: () => targets.length > 0 && setOpenMenu('snooze'),
    assign: () => targets.length > 0 && setOpenMenu('assign'),
    review: () => act({ type: 'review' }, 'Mark reviewed'),
    help: () => setHelp(true),
  });

  return {
    triage,
    focusedId: focused,
    setFocusedId,
    selected,
    setSelected,
    targets,
    toggle,
    toggleAll: () => setSelected(ids.every((id) => selected.has(id)) ? new Set() : new Set(ids)),
    openMenu,
    setOpenMenu,
    help,
    setHelp,
    act,
  };
}
