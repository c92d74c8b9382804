// The top bar's way to each project's weekly triage: a link when the person sees one project, a small
// disclosure listing the projects when they see several (a native <details>, not a menu library: the
// top bar is on the initial page, whose JavaScript stays small).

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { projectsQuery } from '../../api/queries.ts';

export function TriageNavEntry() {
  const { data: projects = [] } = useQuery(projectsQuery);
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    // Closes like a menu: on Escape, and on a click anywhere else.
    const close = (event: Event) => {
      const element = details.current;
      if (!element?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !element.contains(event.target as Node)) {
        element.open = false;
        if (event instanceof KeyboardEvent) element.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('click', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  const [only] = projects;
  if (projects.length === 0) return null;
  if (projects.length === 1 && only) {
    return (
      <Link to="/projects/$projectId/triage" params={{ projectId: String(only.id) }} search={{}}>
        Triage
      </Link>
    );
  }
  return (
    <details className="topnav-menu" ref={details}>
      <summary>Triage</summary>
      <ul className="popover topnav-list">
        {projects.map((p) => (
          <li key={p.id}>
            <Link
              to="/projects/$projectId/triage"
              params={{ projectId: String(p.id) }}
              search={{}}
              onClick={() => {
                if (details.current) details.current.open = false;
              }}
            >
              {p.name}
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
