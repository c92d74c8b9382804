import { describe, expect, it } from 'vitest';
import type { Member } from '../../api/types.ts';
import { assignChoices } from './AssignMenu.tsx';
import { type Suggestion, suggestedChoice } from './SuggestedOwner.tsx';

describe('assignChoices', () => {
  it('offers me, then people by name, then teams, then unassign', () => {
    const members = [
      { user: { id: 3, email: 'zoe@x.io', name: 'Zoé' }, team: null },
      { user: null, team: { id: 1, slug: 'backend', name: 'Backend' } },
      { user: { id: 2, email: 'ana@x.io', name: '' }, team: null },
    ] as unknown as Member[];
    expect(assignChoices(members).map((c) => [c.label, c.detail])).toEqual([
      ['Assign to me', null],
      ['ana@x.io', null],
      ['Zoé', 'zoe@x.io'],
      ['#backend', 'Backend'],
      ['Unassign', null],
    ]);
  });

  it('proposes the suggested owner first, so that a then Enter assigns to it', () => {
    const suggestion = {
      issueId: 7,
      owners: [
        { type: 'unknown', label: 'gone@x.io', id: null, name: null },
        { type: 'team', label: '#billing', id: 4, name: 'Billing' },
      ],
      rule: { text: 'path:billing/** gone@x.io #billing', source: 'rules', line: 2 },
      field: 'path',
      value: 'src/billing/invoice.ts',
      explanation: 'owned by gone@x.io, #billing: src/billing/invoice.ts matched `path:billing/**`',
    } as Suggestion;
    const choices = assignChoices([], suggestedChoice(suggestion));
    expect(choices[0]).toEqual({
      id: 'suggested:team:4',
      label: '#billing (suggested)',
      detail: suggestion.explanation,
      action: { type: 'assign', assignee: 'team:4' },
    });
    expect(choices[1]?.label).toBe('Assign to me');
    expect(suggestedChoice(undefined)).toBeNull();
  });
});
