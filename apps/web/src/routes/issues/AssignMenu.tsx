// The assign menu: me, the project's members and teams, and unassign, with a field on top that
// filters them as one types (React Aria's Autocomplete over a Menu: the field keeps the focus, the
// arrows move through what is left, Enter assigns).

import { useQuery } from '@tanstack/react-query';
import {
  Autocomplete,
  Button,
  Input,
  Menu,
  MenuItem,
  MenuTrigger,
  Popover,
  SearchField,
  useFilter,
} from 'react-aria-components';
import { membersQuery } from '../../api/queries.ts';
import type { TriageAction } from '../../api/triage.ts';
import type { Member } from '../../api/types.ts';

export interface AssignChoice {
  id: string;
  label: string;
  /** What else the filter matches (a member's email, a team's name). */
  detail: string | null;
  action: TriageAction;
}

/** The suggested owner (ownership rules) first when there is one, then me, people by name, teams, unassign. */
export function assignChoices(
  members: readonly Member[],
  suggested: AssignChoice | null = null,
): AssignChoice[] {
  const people: AssignChoice[] = [];
  const teams: AssignChoice[] = [];
  for (const m of members) {
    if (m.user)
      people.push({
        id: `user:${m.user.id}`,
        label: m.user.name || m.user.email,
        detail: m.user.name ? m.user.email : null,
        action: { type: 'assign', assignee: `user:${m.user.id}` },
      });
    if (m.team)
      teams.push({
        id: `team:${m.team.slug}`,
        label: `#${m.team.slug}`,
        detail: m.team.name === m.team.slug ? null : m.team.name,
        action: { type: 'assign', assignee: `team:${m.team.slug}` },
      });
  }
  people.sort((a, b) => a.label.localeCompare(b.label));
  teams.sort((a, b) => a.label.localeCompare(b.label));
  return [
    ...(suggested ? [suggested] : []),
    { id: 'me', label: 'Assign to me', detail: null, action: { type: 'assign', assignee: 'me' } },
    ...people,
    ...teams,
    { id: 'unassign', label: 'Unassign', detail: null, action: { type: 'unassign' } },
  ];
}

interface Props {
  projectId: number;
  disabled: boolean;
  onAction: (action: TriageAction, label: string) => void;
  isOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** The suggested owner, proposed first (so `a` then Enter assigns to it). */
  suggested?: AssignChoice | null | undefined;
}

export function AssignMenu({ projectId, disabled, onAction, suggested = null, ...control }: Props) {
  const members = useQuery({ ...membersQuery(projectId), enabled: !disabled });
  const choices = assignChoices(members.data ?? [], suggested);
  const { contains } = useFilter({ sensitivity: 'base' });
  return (
    <MenuTrigger {...control}>
      <Button className="button" isDisabled={disabled}>
        Assign <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover assign-popover" placement="bottom start">
        <Autocomplete filter={contains}>
          <SearchField aria-label="Find a member or team" className="assign-search" autoFocus>
            <Input placeholder="Type a name, email or team" className="input" />
          </SearchField>
          {/* The list scrolls past a dozen people; keyboard users can scroll it too (the items are
              reached from the field, not by Tab). */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take the focus */}
          <div className="assign-list" tabIndex={0}>
            <Menu
              className="menu"
              aria-label="Assign"
              // The first choice (the suggested owner, else assign to me) is highlighted at once: a
              // (then Enter) takes it.
              autoFocus="first"
              items={choices}
              renderEmptyState={() => <div className="menu-empty">Nobody matches</div>}
              onAction={(key) => {
                const choice = choices.find((c) => c.id === key);
                // "Assign to me" and "Unassign" say what they do; a name needs the verb.
                if (choice)
                  onAction(
                    choice.action,
                    choice.action.type === 'assign' && choice.id !== 'me'
                      ? `Assign to ${choice.label.replace(/ \(suggested\)$/, '')}`
                      : choice.label,
                  );
              }}
            >
              {(c) => (
                <MenuItem
                  id={c.id}
                  className="menu-item"
                  textValue={c.detail ? `${c.label} ${c.detail}` : c.label}
                >
                  {/* Name and email both in the item's name: what is seen is what is read out. */}
                  <span>{c.label}</span>
                  {c.detail ? <span className="menu-item-detail">{c.detail}</span> : null}
                </MenuItem>
              )}
            </Menu>
          </div>
        </Autocomplete>
      </Popover>
    </MenuTrigger>
  );
}
