// A labelled <select>. The label is beside the select, not around it: a label wrapping a select would
// take the options' text into the select's accessible name.

import { type SelectHTMLAttributes, useId } from 'react';

type Props = SelectHTMLAttributes<HTMLSelectElement> & { label: string; inline?: boolean };

export function SelectField({ label, inline = false, children, ...select }: Props) {
  const id = useId();
  return (
    <div className={inline ? 'field field-inline' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select}>
        {children}
      </select>
    </div>
  );
}
