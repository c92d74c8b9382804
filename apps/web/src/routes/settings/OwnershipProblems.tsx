// The ownership rules' problems as the server's 400 names them (line, column, what was expected), each
// with a button that puts the caret there; and the owners the rules name that Vigie does not know.

import type { RefObject } from 'react';
import type { RuleProblem, UnknownOwner } from '../../api/ownership-queries.ts';
import { offsetOf } from './ownership-text.ts';

const SOURCE_NAMES = { rules: 'Rules', codeowners: 'CODEOWNERS' } as const;

export function RuleProblems({
  title,
  problems,
  editor,
  text,
}: {
  title: string;
  problems: readonly RuleProblem[];
  /** The textarea holding the text of the `rules` problems (the CODEOWNERS one has its own). */
  editor?: RefObject<HTMLTextAreaElement | null>;
  text?: string;
}) {
  const show = (p: RuleProblem) => {
    const area = editor?.current;
    if (!area || text === undefined) return;
    const at = offsetOf(text, p.line, p.column);
    area.focus();
    area.setSelectionRange(at, at);
  };
  return (
    <div className="notice notice-error ownership-problems" role="alert">
      <strong>{title}</strong>
      <ul>
        {problems.map((p) => (
          <li key={`${p.source}:${p.line}:${p.column}`}>
            {problems.some((q) => q.source !== p.source) ? `${SOURCE_NAMES[p.source]}: ` : null}
            {p.message}
            {editor && text !== undefined ? (
              <>
                {' '}
                <button type="button" className="button button-small" onClick={() => show(p)}>
                  Go to line {p.line}, column {p.column}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function UnknownOwners({ owners }: { owners: readonly UnknownOwner[] }) {
  if (owners.length === 0) return null;
  return (
    <div className="notice notice-warning ownership-unknown">
      <strong>
        {owners.length === 1 ? 'One owner is' : `${owners.length} owners are`} not a member or a team of this
        project:
      </strong>{' '}
      <span className="muted">kept in the rules, shown as unknown, never assigned.</span>
      <ul>
        {owners.map((o) => (
          <li key={`${o.source}:${o.line}:${o.column}:${o.owner}`}>
            <code>{o.owner}</code> ({SOURCE_NAMES[o.source]} line {o.line}, column {o.column}): {o.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
