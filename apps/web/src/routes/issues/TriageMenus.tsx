// The triage actions as buttons and menus, for one issue (the issue page) or a selection (the stream):
// resolve (now, in the next release, in the latest release seen), ignore, snooze (for a while, until N
// more events or users, N chosen in a dialog, until a chosen date, until it escalates), assign (me, a
// member, a team, found by typing), mark reviewed.

import { useState } from 'react';
import { Button, Menu, MenuItem, MenuSection, MenuTrigger, Popover } from 'react-aria-components';
import { snoozeFor, type TriageAction } from '../../api/triage.ts';
import { type AssignChoice, AssignMenu } from './AssignMenu.tsx';
import { SnoozeCountDialog, type SnoozeCountKind } from './SnoozeCountDialog.tsx';
import { SnoozeUntilDialog } from './SnoozeUntilDialog.tsx';
import './triage-menus.css';

interface Props {
  projectId: number;
  /** The status, when one issue is triaged: unresolve replaces resolve on a resolved issue. */
  status?: string;
  lastRelease?: string | null;
  disabled?: boolean;
  onAction: (action: TriageAction, label: string) => void;
  /** The menu a keyboard shortcut opened (r, s, a), if any; the menus report when they close. */
  openMenu?: MenuName | null;
  onOpenMenuChange?: (menu: MenuName | null) => void;
  /** The suggested owner, which the assign menu proposes first. */
  suggested?: AssignChoice | null | undefined;
}

export type MenuName = 'resolve' | 'snooze' | 'assign';
type MenuControl = { isOpen?: boolean; onOpenChange?: (open: boolean) => void };

function control(name: MenuName, props: Pick<Props, 'openMenu' | 'onOpenMenuChange'>): MenuControl {
  const { openMenu, onOpenMenuChange } = props;
  if (onOpenMenuChange === undefined) return {};
  return { isOpen: openMenu === name, onOpenChange: (open) => onOpenMenuChange(open ? name : null) };
}

/** What a snooze dialog asks for: how many more events or users, or until when. */
type SnoozeAsk = SnoozeCountKind | 'until';

/** A menu item: an action, or (`ask`) a dialog where the person chooses how many more events or users, or a date. */
type Choice = { id: string; label: string; action: TriageAction; ask?: SnoozeAsk };

function ActionMenu({
  label,
  choices,
  disabled,
  onAction,
  menu,
  onAsk,
}: {
  label: string;
  choices: Choice[][];
  disabled: boolean;
  onAction: Props['onAction'];
  menu: MenuControl;
  onAsk?: (kind: SnoozeAsk) => void;
}) {
  const all = choices.flat();
  return (
    <MenuTrigger {...menu}>
      <Button className="button" isDisabled={disabled}>
        {label} <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover" placement="bottom start">
        <Menu
          className="menu"
          aria-label={label}
          autoFocus="first"
          onAction={(key) => {
            const choice = all.find((c) => c.id === key);
            if (choice?.ask) onAsk?.(choice.ask);
            else if (choice) onAction(choice.action, choice.label);
          }}
        >
          {choices.map((group) => (
            <MenuSection key={group[0]?.id ?? 'empty'} className="menu-section">
              {group.map((c) => (
                <MenuItem key={c.id} id={c.id} className="menu-item" textValue={c.label}>
                  {c.label}
                </MenuItem>
              ))}
            </MenuSection>
          ))}
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}

export function resolveChoices(lastRelease: string | null | undefined): Choice[] {
  return [
    { id: 'now', label: 'Resolve now', action: { type: 'resolve', resolution: { kind: 'now' } } },
    {
      id: 'next',
      label: 'Resolve in the next release',
      action: { type: 'resolve', resolution: { kind: 'inNextRelease' } },
    },
    ...(lastRelease
      ? [
          {
            id: 'in-release',
            label: `Resolve in ${lastRelease}`,
            action: {
              type: 'resolve',
              resolution: { kind: 'inRelease', release: lastRelease },
            } as TriageAction,
          },
        ]
      : []),
  ];
}

export function snoozeChoices(): Choice[][] {
  return [
    [
      { id: '1h', label: 'For 1 hour', action: snoozeFor(1) },
      { id: '24h', label: 'For 24 hours', action: snoozeFor(24) },
      { id: '1w', label: 'For 1 week', action: snoozeFor(24 * 7) },
      { id: 'until', label: 'Until a date…', action: snoozeFor(24), ask: 'until' },
    ],
    [
      {
        id: 'events',
        label: 'Until N more events…',
        action: { type: 'snooze', snooze: { kind: 'events', count: 100 } },
        ask: 'events',
      },
      {
        id: 'users',
        label: 'Until N more users…',
        action: { type: 'snooze', snooze: { kind: 'users', count: 10 } },
        ask: 'users',
      },
      { id: 'esc', label: 'Until it escalates', action: { type: 'snooze', snooze: { kind: 'escalating' } } },
    ],
  ];
}

function ActionButton(props: {
  label: string;
  action: TriageAction;
  disabled: boolean;
  onAction: Props['onAction'];
}) {
  return (
    <button
      type="button"
      className="button"
      disabled={props.disabled}
      onClick={() => props.onAction(props.action, props.label)}
    >
      {props.label}
    </button>
  );
}

export function TriageMenus(props: Props) {
  const { projectId, status, lastRelease, disabled = false, onAction } = props;
  const [asking, setAsking] = useState<SnoozeAsk | null>(null);
  const resolved = status === 'resolved' || status === 'ignored' || status === 'snoozed';
  return (
    <fieldset className="triage-actions">
      <legend className="visually-hidden">Triage</legend>
      {resolved ? (
        <ActionButton
          label="Unresolve"
          action={{ type: 'unresolve' }}
          disabled={disabled}
          onAction={onAction}
        />
      ) : (
        <ActionMenu
          label="Resolve"
          choices={[resolveChoices(lastRelease)]}
          disabled={disabled}
          onAction={onAction}
          menu={control('resolve', props)}
        />
      )}
      <ActionButton label="Ignore" action={{ type: 'ignore' }} disabled={disabled} onAction={onAction} />
      <ActionMenu
        label="Snooze"
        choices={snoozeChoices()}
        disabled={disabled}
        onAction={onAction}
        menu={control('snooze', props)}
        onAsk={setAsking}
      />
      <SnoozeCountDialog
        kind={asking === 'until' ? null : asking}
        onClose={() => setAsking(null)}
        onAction={onAction}
      />
      <SnoozeUntilDialog isOpen={asking === 'until'} onClose={() => setAsking(null)} onAction={onAction} />
      <AssignMenu
        projectId={projectId}
        disabled={disabled}
        suggested={props.suggested}
        onAction={onAction}
        {...control('assign', props)}
      />
      <ActionButton
        label="Mark reviewed"
        action={{ type: 'review' }}
        disabled={disabled}
        onAction={onAction}
      />
    </fieldset>
  );
}
