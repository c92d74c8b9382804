import { describe, expect, it } from 'vitest';
import { compareReleases, releaseComparator } from './release-order.ts';

// The order of an ascending list, checked pair by pair in both directions.
function expectAscending(releases: readonly string[], firstSeen?: (r: string) => number | undefined) {
  for (let i = 0; i < releases.length - 1; i++) {
    const [older, newer] = [releases[i]!, releases[i + 1]!];
    expect(compareReleases(older, newer, firstSeen), `${older} < ${newer}`).toBe(-1);
    expect(compareReleases(newer, older, firstSeen), `${newer} > ${older}`).toBe(1);
  }
}

describe('releases that look like semver', () => {
  it('compares numbers as numbers, not as text', () => {
    expectAscending(['1.9.0', '1.10.0', '2.0.0', '10.0.0']);
  });

  it('orders pre-releases as the semver spec does', () => {
    expectAscending([
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ]);
  });

  it('reads Sentry-style package@version names, a v prefix and scoped npm packages', () => {
    expectAscending(['checkout@2.3.9', 'checkout@2.4.0-rc.2', 'checkout@v2.4.0', 'checkout@2.10.0']);
    expectAscending(['@acme/web@1.2.3', '@acme/web@1.3.0']);
    expect(compareReleases('v1.2.3', '1.2.3')).toBe(0);
  });

  it('fills missing parts with zeros and reads a fourth part', () => {
    expect(compareReleases('1.4', '1.4.0')).toBe(0);
    expectAscending(['1.4', '1.4.0.1', '1.4.1']);
  });

  it('ignores build metadata for order except as a numeric tiebreak between builds of one version', () => {
    expect(compareReleases('1.2.3+exp.sha.5114f85', '1.2.4')).toBe(-1);
    expectAscending(['2.0.0+41', '2.0.0+42', '2.0.0+100']);
  });

  it('does not compare versions of different packages by semver', () => {
    expect(compareReleases('api@3.0.0', 'web@1.0.0')).toBeNull();
    const firstSeen = new Map([
      ['web@1.0.0', 1],
      ['api@3.0.0', 2],
    ]);
    expect(compareReleases('web@1.0.0', 'api@3.0.0', (r) => firstSeen.get(r))).toBe(-1);
  });
});

describe('releases that do not look like semver', () => {
  const firstSeen = new Map([
    ['4be1f0c', Date.UTC(2025, 0, 1)],
    ['1.0.0', Date.UTC(2025, 0, 2)],
    ['9f2c1e7', Date.UTC(2025, 0, 3)],
  ]);
  const order = (r: string) => firstSeen.get(r);

  it('orders git shas by when they were first seen', () => {
    expectAscending(['4be1f0c', '9f2c1e7'], order);
  });

  it('falls back to first-seen order when only one side is semver', () => {
    expectAscending(['4be1f0c', '1.0.0', '9f2c1e7'], order);
  });

  it('treats a bare build number as not semver', () => {
    expect(compareReleases('42', '43')).toBeNull();
  });

  it('says it does not know when a release was never seen', () => {
    expect(compareReleases('9f2c1e7', 'deadbee', order)).toBeNull();
    expect(compareReleases('4be1f0c', '9f2c1e7')).toBeNull();
  });

  it('knows a release equals itself without any order', () => {
    expect(compareReleases('deadbee', 'deadbee')).toBe(0);
  });

  it('binds a first-seen order into the comparator the lifecycle takes', () => {
    const compare = releaseComparator(order);
    expect(compare('9f2c1e7', '4be1f0c')).toBe(1);
    expect(compare('2.0.0', '10.0.0')).toBe(-1);
  });
});
