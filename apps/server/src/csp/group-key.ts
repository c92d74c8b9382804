// How violations group: the effective directive, what was blocked (an origin, a scheme, or inline code,
// eval, wasm-eval) and the page's path pattern (ids replaced), so that one missing CDN on every product
// page is one group, not one per product. Pure.

export interface GroupKey {
  directive: string;
  blocked: string;
  pagePattern: string;
  key: string;
}

const KEYWORDS = new Set(['inline', 'eval', 'wasm-eval', 'trusted-types-policy', 'trusted-types-sink']);

/** What a blocked URL stands for in a group: `inline`, an origin, `data:`, or `(none)` when it is empty. */
export function blockedKey(blockedUrl: string): string {
  const value = blockedUrl.trim();
  const lower = value.toLowerCase();
  if (KEYWORDS.has(lower)) return lower;
  if (lower === '') return '(none)';
  if (/^[a-z][a-z0-9+.-]*$/.test(lower)) return `${lower}:`;
  if (URL.canParse(value)) {
    const url = new URL(value);
    return url.origin === 'null' ? url.protocol : url.origin;
  }
  return lower.slice(0, 200);
}

/** A path segment that is an id: digits, a UUID, a long hex string, or a long token with digits. */
function isId(segment: string): boolean {
  return (
    /^\d+$/.test(segment) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) ||
    /^[0-9a-f]{12,}$/i.test(segment) ||
    (segment.length >= 16 && /\d/.test(segment) && /^[A-Za-z0-9_-]+$/.test(segment))
  );
}

/** The document's path with ids replaced by `:id` (`/orders/1234` → `/orders/:id`); no query, no fragment. */
export function pagePattern(documentUrl: string): string {
  if (!URL.canParse(documentUrl)) return '/';
  const path = new URL(documentUrl).pathname;
  return (
    path
      .split('/')
      .map((segment) => (isId(segment) ? ':id' : segment))
      .join('/')
      .slice(0, 300) || '/'
  );
}

export function groupKeyOf(report: {
  effectiveDirective: string;
  blockedUrl: string;
  documentUrl: string;
}): GroupKey {
  const directive = report.effectiveDirective;
  const blocked = blockedKey(report.blockedUrl);
  const pattern = pagePattern(report.documentUrl);
  return { directive, blocked, pagePattern: pattern, key: `${directive} ${blocked} ${pattern}` };
}
