import { describe, expect, it } from 'vitest';
import type { Member } from '../../api/types.ts';
import { assignChoices } from './AssignMenu.tsx';

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
});
