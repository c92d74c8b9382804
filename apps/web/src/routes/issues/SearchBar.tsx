// The search bar: the server's query language as typed (is:, assigned:, release:, level:…), with the
// server's completions of the key or value at the cursor, in the ARIA combobox pattern: the input
// keeps the focus, the list's highlighted option is its active descendant. Arrows move, Enter or Tab
// accept, Escape closes; Enter with nothing highlighted searches, and the search goes in the URL.

import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { completionsQuery } from '../../api/stream-queries.ts';
import { applyCompletion, stepActive } from './search-terms.ts';

interface Props {
  projectId: number;
  query: string;
  onSearch: (query: string) => void;
}

export function SearchBar({ projectId, query, onSearch }: Props) {
  const [text, setText] = useState(query);
  const [cursor, setCursor] = useState(query.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const completions = useQuery({ ...completionsQuery(projectId, text, cursor), enabled: open });
  const suggestions = open ? (completions.data?.suggestions ?? []) : [];
  const expanded = suggestions.length > 0;

  const edit = (value: string, at: number) => {
    setText(value);
    setCursor(at);
    setActive(-1);
    setOpen(true);
  };
  const accept = (index: number) => {
    const data = completions.data;
    const suggestion = data?.suggestions[index];
    // Suggestions still shown from the text before the last keystroke name spans of that text.
    if (!data || !suggestion || completions.isPlaceholderData) return;
    const next = applyCompletion(text, data, suggestion.text);
    edit(next.query, next.cursor);
    // After the value is in, the caret goes after it (React has set the value by the next frame).
    requestAnimationFrame(() => input.current?.setSelectionRange(next.cursor, next.cursor));
  };
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    setOpen(false);
    onSearch(text.trim());
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        if (!open) return setOpen(true);
        return setActive(stepActive(active, suggestions.length, event.key === 'ArrowDown' ? 1 : -1));
      case 'Enter':
        if (expanded && active >= 0) {
          event.preventDefault();
          accept(active);
        }
        return;
      case 'Tab':
        if (expanded && !event.shiftKey) {
          event.preventDefault();
          accept(Math.max(active, 0));
        }
        return;
      case 'Escape':
        // Closes the list; the text stays (a search input would clear it).
        event.preventDefault();
        setOpen(false);
        setActive(-1);
        return;
      default:
        return;
    }
  };
  const optionId = (i: number) => `${listId}-option-${i}`;

  return (
    <search className="searchbar">
      <form className="searchbar-form" onSubmit={submit}>
        <label htmlFor="issue-search" className="visually-hidden">
          Search issues
        </label>
        <div className="combobox">
          <input
            ref={input}
            id="issue-search"
            type="text"
            role="combobox"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
            aria-describedby="search-help"
            value={text}
            onChange={(e) => edit(e.target.value, e.target.selectionStart ?? e.target.value.length)}
            onKeyDown={onKeyDown}
            onKeyUp={(e) => {
              // The caret moved by Home, End or the side arrows: completions follow it.
              const at = e.currentTarget.selectionStart ?? text.length;
              if (
                at !== cursor &&
                (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End')
              )
                edit(text, at);
            }}
            onClick={(e) => edit(text, e.currentTarget.selectionStart ?? text.length)}
            onBlur={() => setOpen(false)}
            placeholder="is:unresolved level:error release:shop@1.2 TypeError"
            spellCheck={false}
            autoComplete="off"
          />
          <div
            id={listId}
            role="listbox"
            aria-label="Completions"
            aria-busy={completions.isPlaceholderData}
            className="completions"
            hidden={!expanded}
          >
            {suggestions.map((s, i) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard acts through the input (combobox pattern)
              <div
                key={`${s.text}-${s.label}`}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                className="completion"
                // Keeps the focus in the input, where the keyboard goes on.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => accept(i)}
                tabIndex={-1}
              >
                <span className="completion-label mono">{s.label}</span>
                {s.description ? <span className="completion-hint">{s.description}</span> : null}
              </div>
            ))}
          </div>
        </div>
        <button type="submit" className="button">
          Search
        </button>
        <details className="search-help">
          <summary id="search-help">Syntax</summary>
          <ul>
            <li>
              <code>is:unresolved</code> <code>is:inbox</code> <code>is:assigned</code> <code>is:linked</code>
              …
            </li>
            <li>
              <code>assigned:me</code> <code>assigned:#backend</code> <code>level:error</code>{' '}
              <code>release:shop@1.2</code> <code>environment:production</code>
            </li>
            <li>
              <code>user.email:ana@example.com</code> <code>age:-24h</code> <code>lastSeen:-1h</code>{' '}
              <code>timesSeen:&gt;100</code> <code>has:user</code>
            </li>
            <li>
              <code>!</code> negates, <code>"quoted values"</code>, <code>*</code> wildcards; other words
              search titles and culprits. Completions appear as you type: arrows choose, Enter or Tab accept,
              Escape closes.
            </li>
          </ul>
        </details>
      </form>
    </search>
  );
}
