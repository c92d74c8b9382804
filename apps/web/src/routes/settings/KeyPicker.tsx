// The DSN key a page's snippets are written for: the active key chosen, else the first active one, with
// a picker when the project has several.

import { useState } from 'react';
import type { ProjectKey } from '../../api/types.ts';
import { SelectField } from '../../ui/SelectField.tsx';

export interface KeyChoice {
  active: ProjectKey[];
  key: ProjectKey | undefined;
  choose: (keyId: number) => void;
}

export function useKeyChoice(keys: readonly ProjectKey[] | undefined): KeyChoice {
  const [chosen, choose] = useState<number | null>(null);
  const active = keys?.filter((k) => k.revokedAt === null) ?? [];
  return { active, key: active.find((k) => k.id === chosen) ?? active[0], choose };
}

export function KeyPicker({ choice }: { choice: KeyChoice }) {
  const { active, key, choose } = choice;
  if (!key || active.length < 2) return null;
  return (
    <SelectField label="Key" inline value={key.id} onChange={(e) => choose(Number(e.target.value))}>
      {active.map((k) => (
        <option key={k.id} value={k.id}>
          {k.label}
        </option>
      ))}
    </SelectField>
  );
}
