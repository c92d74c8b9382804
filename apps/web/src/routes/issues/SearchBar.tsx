// The search bar: the server's query language as typed (is:, assigned:, release:, level:…), applied on
// Enter; the list below says when the server could not read it, and where.

import { type FormEvent, useState } from 'react';

export function SearchBar({ query, onSearch }: { query: string; onSearch: (query: string) => void }) {
  const [text, setText] = useState(query);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim());
  };
  return (
    <search className="searchbar">
      <form className="searchbar-form" onSubmit={submit}>
        <label htmlFor="issue-search" className="visually-hidden">
          Search issues
        </label>
        <input
          id="issue-search"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="is:unresolved level:error release:shop@1.2 TypeError"
          spellCheck={false}
          autoComplete="off"
          aria-describedby="search-help"
        />
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
              search titles and culprits.
            </li>
          </ul>
        </details>
      </form>
    </search>
  );
}
