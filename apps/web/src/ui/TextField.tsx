// A labelled <input> with an optional hint under it. The hint is the input's description, not part of
// its label, so that screen readers say the name first and the hint after it.

import { type InputHTMLAttributes, useId } from 'react';

type Props = InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string };

export function TextField({ label, hint, ...input }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} {...(hint ? { 'aria-describedby': hintId } : {})} />
      {hint ? (
        <span id={hintId} className="muted small">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
