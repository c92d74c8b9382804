// Orders two release names, so that "resolved in release X" can tell whether an event's release is X or newer:
// semver where both names look like semver, otherwise the order in which Vigie first saw them.

/** Negative when `a` is older than `b`, 0 when the same, positive when newer; null when the order is unknown. */
export type ReleaseComparator = (a: string, b: string) => number | null;

/** Where a release sits in first-seen order (a timestamp or a sequence number); undefined if never seen. */
export type FirstSeenOrder = (release: string) => number | undefined;

interface ReleaseVersion {
  /** `web` in `web@1.2.3`; two versions of different packages have no semver order. */
  readonly packageName: string | null;
  /** Up to four numeric parts, missing ones as 0: `1.2` is `1.2.0.0`. */
  readonly core: readonly number[];
  readonly prerelease: readonly string[];
  readonly build: string | null;
}

// MAJOR.MINOR[.PATCH[.REVISION]], optional `v`, pre-release after `-`, build metadata after `+`. Two parts
// are accepted because many teams tag `1.4`; a bare number (`42`) is not, as it is as likely a build
// counter as a version, and first-seen order is the safer guess for it.
const VERSION = /^v?(\d+(?:\.\d+){1,3})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z.-]+))?$/;
const NUMERIC = /^\d+$/;

function parseReleaseVersion(release: string): ReleaseVersion | null {
  // Sentry's convention is `package@version`; a scoped npm name (`@acme/web@1.2.3`) has its own `@`.
  const at = release.lastIndexOf('@');
  const packageName = at > 0 ? release.slice(0, at) : null;
  const match = VERSION.exec(at > 0 ? release.slice(at + 1) : release);
  if (!match?.[1]) return null;
  const core = match[1].split('.').map(Number);
  while (core.length < 4) core.push(0);
  return { packageName, core, prerelease: match[2]?.split('.') ?? [], build: match[3] ?? null };
}

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = NUMERIC.test(a);
  const bNumeric = NUMERIC.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  // semver §11: numeric identifiers always have lower precedence than alphanumeric ones.
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  // A release without a pre-release tag is newer than any of its pre-releases: 1.0.0-rc.1 < 1.0.0.
  if (a.length === 0 || b.length === 0) return Math.sign(b.length - a.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIdentifiers(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

/** Semver order, or null when the two have no semver order (different packages, builds that do not compare). */
function compareVersions(a: ReleaseVersion, b: ReleaseVersion): number | null {
  if (a.packageName !== b.packageName) return null;
  for (let i = 0; i < 4; i++) {
    const order = Math.sign(a.core[i]! - b.core[i]!);
    if (order !== 0) return order;
  }
  const order = comparePrerelease(a.prerelease, b.prerelease);
  if (order !== 0 || a.build === b.build) return order;
  // Semver ignores build metadata, but `1.2.3+41` and `1.2.3+42` are different builds that teams ship
  // one after the other (as Sentry does, a numeric build breaks the tie); anything else goes to first-seen.
  if (a.build !== null && b.build !== null && NUMERIC.test(a.build) && NUMERIC.test(b.build)) {
    return Math.sign(Number(a.build) - Number(b.build));
  }
  return null;
}

/**
 * Orders two releases: semver when both look like semver (`1.2.3`, `v1.2.3`, `web@1.2.3`, `1.2.3-rc.1`,
 * `1.2.3+42`), otherwise by first-seen order. Returns -1, 0 or 1, or null when neither rule applies
 * (for instance a git sha that was never seen).
 *
 * @example
 * compareReleases('web@2.0.0-rc.1', 'web@2.0.0'); // -1
 * compareReleases('3f9c2ab', 'a81d7e0', (r) => firstSeen.get(r)); // by first-seen time
 */
export function compareReleases(a: string, b: string, firstSeenOrder?: FirstSeenOrder): number | null {
  if (a === b) return 0;
  const versionA = parseReleaseVersion(a);
  const versionB = parseReleaseVersion(b);
  if (versionA && versionB) {
    const order = compareVersions(versionA, versionB);
    if (order !== null) return order;
  }
  const seenA = firstSeenOrder?.(a);
  const seenB = firstSeenOrder?.(b);
  if (seenA === undefined || seenB === undefined) return null;
  return Math.sign(seenA - seenB);
}

/** A comparator bound to one project's first-seen order, as the lifecycle context expects. */
export function releaseComparator(firstSeenOrder?: FirstSeenOrder): ReleaseComparator {
  return (a, b) => compareReleases(a, b, firstSeenOrder);
}
