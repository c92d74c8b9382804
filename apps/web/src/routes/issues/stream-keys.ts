// The stream's keyboard shortcuts, bound with tinykeys. They stay quiet while the person types in a
// field, and while a menu or dialog has the keyboard (it handles its own keys).

import { useEffect, useRef } from 'react';
import { tinykeys } from 'tinykeys';

export interface StreamKeyHandlers {
  next(): void;
  previous(): void;
  toggleSelect(): void;
  open(): void;
  resolve(): void;
  ignore(): void;
  snooze(): void;
  assign(): void;
  review(): void;
  help(): void;
}

/** What each key does, for the help dialog: the one list the bindings below follow. */
export const SHORTCUTS: Array<{ keys: string[]; does: string }> = [
  { keys: ['j', 'k'], does: 'Move to the next / previous issue' },
  { keys: ['x'], does: 'Select or unselect the issue' },
  { keys: ['o', 'Enter'], does: 'Open the issue' },
  { keys: ['r'], does: 'Resolve: now, in the next release, in the latest release' },
  { keys: ['i'], does: 'Ignore' },
  { keys: ['s'], does: 'Snooze: for a while, until N more events or users, until it escalates' },
  { keys: ['a'], does: 'Assign: to me, a member or a team (type to find one)' },
  { keys: ['e'], does: 'Mark reviewed (leaves the inbox)' },
  { keys: ['?'], does: 'Show these shortcuts' },
];

function typingOrBusy(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return true;
  return target.closest('[role="menu"], [role="dialog"], [role="listbox"]') !== null;
}

export function useStreamKeys(handlers: StreamKeyHandlers): void {
  // The latest handlers, without binding the keys again on every render.
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const on = (run: (h: StreamKeyHandlers) => void) => (event: KeyboardEvent) => {
      if (typingOrBusy(event)) return;
      event.preventDefault();
      run(latest.current);
    };
    return tinykeys(window, {
      j: on((h) => h.next()),
      k: on((h) => h.previous()),
      x: on((h) => h.toggleSelect()),
      o: on((h) => h.open()),
      r: on((h) => h.resolve()),
      i: on((h) => h.ignore()),
      s: on((h) => h.snooze()),
      a: on((h) => h.assign()),
      e: on((h) => h.review()),
      'Shift+?': on((h) => h.help()),
      '?': on((h) => h.help()),
    });
  }, []);
}
