// A run of checkboxes over a list of values: an option is checked while the list holds its value, and
// checking or unchecking it hands the list back with the value added (at the end) or removed.

import type { ReactNode } from 'react';

export interface Choice<T> {
  value: T;
  label: ReactNode;
}

interface Props<T> {
  options: readonly Choice<T>[];
  selected: readonly T[];
  onChange: (selected: T[]) => void;
}

export function CheckboxChoices<T extends string | number>({ options, selected, onChange }: Props<T>) {
  const without = (value: T) => selected.filter((x) => x !== value);
  return (
    <>
      {options.map(({ value, label }) => (
        <label key={value} className="choice">
          <input
            type="checkbox"
            checked={selected.includes(value)}
            onChange={(e) => onChange(e.target.checked ? [...without(value), value] : without(value))}
          />{' '}
          {label}
        </label>
      ))}
    </>
  );
}
