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
  github(): void;
  help(): void;
}

/** What each key does, for the help dialog: the one list the bindings below follow. */
export const SHORTCUTS: Array<{ keys: string[]; does: string; triage?: true }> = [
  { keys: ['j', 'k'], does: 'Move to the next / previous issue' },
  { keys: ['x'], does: 'Select or unselect the issue', triage: true },
  { keys: ['o', 'Enter'], does: 'Open the issue' },
  { keys: ['r'], does: 'Resolve: now, in the current release, in the next release', triage: true },
  { keys: ['i'], does: 'Ignore', triage: true },
  {
    keys: ['s'],
    does: 'Snooze: for a while, until N more events or users, until it escalates',
    triage: true,
  },
  { keys: ['a'], does: 'Assign: to me, a member or a team (type to find one)', triage: true },
  { keys: ['g'], does: 'File on GitHub and link it', triage: true },
  { keys: ['e'], does: 'Mark reviewed (leaves the inbox)', triage: true },
  { keys: ['?'], does: 'Show these shortcuts' },
];

/** The shortcuts someone may use: without the triage capability, only moving and opening. */
export const shortcutsFor = (canTriage: boolean) => SHORTCUTS.filter((s) => canTriage || !s.triage);

/** Whether a key press belongs to a field, a menu or a dialog rather than to the page's shortcuts. */
export function typingOrBusy(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return true;
  return target.closest('[role="menu"], [role="dialog"], [role="listbox"]') !== null;
}

/** Binds the shortcuts; without `canTriage` only j, k, o, Enter and ? are bound. */
export function useStreamKeys(handlers: StreamKeyHandlers, canTriage: boolean): void {
  // The latest handlers, without binding the keys again on every render.
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const on = (run: (h: StreamKeyHandlers) => void) => (event: KeyboardEvent) => {
      if (typingOrBusy(event)) return;
      event.preventDefault();
      run(latest.current);
    };
    const reading = {
      j: on((h) => h.next()),
      k: on((h) => h.previous()),
      o: on((h) => h.open()),
      'Shift+?': on((h) => h.help()),
      '?': on((h) => h.help()),
    };
    const triage = {
      x: on((h) => h.toggleSelect()),
      r: on((h) => h.resolve()),
      i: on((h) => h.ignore()),
      s: on((h) => h.snooze()),
      a: on((h) => h.assign()),
      g: on((h) => h.github()),
      e: on((h) => h.review()),
    };
    return tinykeys(window, canTriage ? { ...reading, ...triage } : reading);
  }, [canTriage]);
}
