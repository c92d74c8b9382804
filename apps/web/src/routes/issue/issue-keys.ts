// The issue page's keyboard shortcuts: the stream's triage keys, acting on this issue. Bound with
// tinykeys, quiet while the person types or a menu or dialog has the keyboard (as on the stream).

import { useEffect, useRef } from 'react';
import { tinykeys } from 'tinykeys';
import { typingOrBusy } from '../issues/stream-keys.ts';

export interface IssueKeyHandlers {
  resolve(): void;
  ignore(): void;
  snooze(): void;
  assign(): void;
  github(): void;
  review(): void;
  help(): void;
}

/** What each key does, for the help dialog: the one list the bindings below follow. */
export const ISSUE_SHORTCUTS: Array<{ keys: string[]; does: string }> = [
  {
    keys: ['r'],
    does: 'Resolve: now, in the current release, in the next release (unresolve when resolved)',
  },
  { keys: ['i'], does: 'Ignore' },
  { keys: ['s'], does: 'Snooze: for a while, until N more events or users, until it escalates' },
  { keys: ['a'], does: 'Assign: to me, a member or a team (type to find one)' },
  { keys: ['g'], does: 'File on GitHub and link it' },
  { keys: ['e'], does: 'Mark reviewed (leaves the inbox)' },
  { keys: ['?'], does: 'Show these shortcuts' },
];

/** Binds the keys; while `busy` (an action on its way) the triage keys do nothing, `?` still opens the list. */
export function useIssueKeys(busy: boolean, handlers: IssueKeyHandlers): void {
  // The latest handlers and state, without binding the keys again on every render.
  const latest = useRef({ busy, handlers });
  latest.current = { busy, handlers };
  useEffect(() => {
    const on = (run: (h: IssueKeyHandlers) => void) => (event: KeyboardEvent) => {
      if (typingOrBusy(event)) return;
      event.preventDefault();
      if (!latest.current.busy || run === help) run(latest.current.handlers);
    };
    const help = (h: IssueKeyHandlers) => h.help();
    return tinykeys(window, {
      r: on((h) => h.resolve()),
      i: on((h) => h.ignore()),
      s: on((h) => h.snooze()),
      a: on((h) => h.assign()),
      g: on((h) => h.github()),
      e: on((h) => h.review()),
      'Shift+?': on(help),
      '?': on(help),
    });
  }, []);
}
