// Keyboard triage over the rows the stream shows: j/k move the highlight, x selects, o opens, and the
// triage keys act on the selection (or the highlighted issue), opening the resolve, snooze or assign
// menu where there is a choice to make. Once every row of the page is selected, the selection can
// grow to every issue the search matches: actions then go to the server as the search.

import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { StreamSearch } from '../../api/queries.ts';
import type { TriageAction } from '../../api/triage.ts';
import { useStreamKeys } from './stream-keys.ts';
import { useStreamTriage } from './stream-triage.ts';
import type { MenuName } from './TriageMenus.tsx';

/** j/k/x/o and the triage keys over the rows shown: which row is highlighted, which are selected. */
export function useKeyboardTriage(
  projectId: number,
  search: StreamSearch,
  ids: number[],
  canTriage: boolean,
) {
  const navigate = useNavigate();
  const triage = useStreamTriage(projectId, search);
  const [focusedId, setFocusedId] = useState<number | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  // "All N issues matching this search": for the search it was chosen on only.
  const [allMatchingOf, setAllMatchingOf] = useState<string | null>(null);
  const [openMenu, setOpenMenu] = useState<MenuName | null>(null);
  const [help, setHelp] = useState(false);
  const focused = focusedId !== null && ids.includes(focusedId) ? focusedId : null;
  const shown = new Set(ids);
  const chosen = [...selected].filter((id) => shown.has(id));
  const pageSelected = ids.length > 0 && chosen.length === ids.length;
  const allMatching = pageSelected && allMatchingOf === search.query;
  const targets = chosen.length > 0 ? chosen : focused === null ? [] : [focused];

  const clear = () => {
    setSelected(new Set());
    setAllMatchingOf(null);
  };
  const move = (step: number) => {
    if (ids.length === 0) return;
    const at = focused === null ? -1 : ids.indexOf(focused);
    const next = ids[Math.min(ids.length - 1, Math.max(0, at === -1 && step < 0 ? 0 : at + step))]!;
    setFocusedId(next);
    document.querySelector<HTMLElement>(`tr[data-issue-id="${next}"] .issue-title`)?.focus();
  };
  const toggle = (id: number) => {
    setAllMatchingOf(null);
    setSelected((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  };
  const act = (action: TriageAction, label: string) => {
    if (targets.length === 0) return;
    if (allMatching) {
      triage.runByQuery(search.query, action, label, clear);
      return;
    }
    // The highlight moves on to the next issue, as the acted-on ones may leave the list.
    const after = ids.find(
      (id, i) => i > ids.indexOf(targets[targets.length - 1] ?? -1) && !targets.includes(id),
    );
    triage.run(targets, action, label, clear);
    if (after !== undefined) setFocusedId(after);
  };
  const fileGithub = () => {
    if (targets.length > 0 && !triage.pending) void triage.fileGithub(targets, clear);
  };
  const menu = (name: MenuName) => () => {
    if (targets.length > 0) setOpenMenu(name);
  };

  useStreamKeys(
    {
      next: () => move(1),
      previous: () => move(-1),
      toggleSelect: () => (focused === null ? undefined : toggle(focused)),
      open: () =>
        focused === null
          ? undefined
          : navigate({ to: '/issues/$issueId', params: { issueId: String(focused) } }),
      resolve: menu('resolve'),
      ignore: () => act({ type: 'ignore' }, 'Ignore'),
      snooze: menu('snooze'),
      assign: menu('assign'),
      github: fileGithub,
      review: () => act({ type: 'review' }, 'Mark reviewed'),
      help: () => setHelp(true),
    },
    canTriage,
  );

  return {
    triage,
    focusedId: focused,
    setFocusedId,
    selected,
    clear,
    targets,
    pageSelected,
    allMatching,
    selectAllMatching: () => setAllMatchingOf(search.query),
    toggle,
    toggleAll: () => {
      setAllMatchingOf(null);
      setSelected(pageSelected ? new Set() : new Set(ids));
    },
    openMenu,
    setOpenMenu,
    help,
    setHelp,
    act,
    fileGithub,
  };
}
