// How pages say that something failed or is still coming: the API's own message, and skeleton rows
// in the shape of what will appear rather than a spinner.

import { ApiError } from '../api/client.ts';

export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const message =
    error instanceof ApiError || error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <div className="notice notice-error" role="alert">
      {title ? <strong>{title} </strong> : null}
      {message}
    </div>
  );
}

export function SkeletonRows({ rows = 6 }: { rows?: number }) {
  return (
    <div className="skeleton-list" aria-hidden="true">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
        <div key={i} className="skeleton-row" />
      ))}
    </div>
  );
}

/** Announced to screen readers while a page loads. */
export function Loading({ what }: { what: string }) {
  return (
    <div role="status" className="loading">
      <span className="visually-hidden">Loading {what}…</span>
      <SkeletonRows />
    </div>
  );
}
