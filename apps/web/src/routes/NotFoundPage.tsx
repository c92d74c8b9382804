// A URL the dashboard does not know.

import { Link } from '@tanstack/react-router';

export function NotFoundPage() {
  return (
    <main id="main" className="page page-narrow">
      <h1>Page not found</h1>
      <p>
        This address is not a page of Vigie. <Link to="/">Go to your projects</Link>.
      </p>
    </main>
  );
}
