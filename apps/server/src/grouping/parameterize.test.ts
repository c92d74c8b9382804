import { describe, expect, it } from 'vitest';
import { parameterize } from './parameterize.ts';

describe('parameterize', () => {
  it('replaces integers, including those before a unit, but not digits inside names', () => {
    expect(parameterize('Payment provider timeout after 3012 ms')).toBe(
      'Payment provider timeout after <int> ms',
    );
    expect(parameterize('Retry 3 of 5 took 250ms')).toBe('Retry <int> of <int> took <int>ms');
    expect(parameterize('utf8 decoder failed on ipv6 socket h264')).toBe(
      'utf8 decoder failed on ipv6 socket h264',
    );
    expect(parameterize('Invoice INV-2201 not found.')).toBe('Invoice INV-<int> not found.');
  });

  it('replaces decimals as floats and leaves dotted version numbers alone', () => {
    expect(parameterize('Load average 3.75 over limit -1.5')).toBe('Load average <float> over limit <float>');
    expect(parameterize('Upgrade to 1.4.2 required')).toBe('Upgrade to 1.4.2 required');
  });

  it('replaces UUIDs before their hex runs and digits can be taken apart', () => {
    expect(parameterize('Session 6814c828-9053-4086-9708-e342bc4259c8 expired')).toBe(
      'Session <uuid> expired',
    );
    expect(parameterize('event 7f06358f88fc46e3bfd2ffa1120cd2e5 dropped')).toBe('event <uuid> dropped');
  });

  it('replaces 0x literals and long hex runs such as object ids and commit hashes', () => {
    expect(parameterize('Segfault at 0x7f3bda073310')).toBe('Segfault at <hex>');
    expect(parameterize('No document 507f1f77bcf86cd799439011 in orders')).toBe(
      'No document <hex> in orders',
    );
    expect(parameterize('Deployed 3f2a1b9')).toBe('Deployed 3f2a1b9');
    expect(parameterize('Deployed 3f2a1b9c')).toBe('Deployed <hex>');
  });

  it('replaces emails and URLs, whole, before the numbers inside them', () => {
    expect(parameterize('Could not email claire.dupont+shop@example.co.uk')).toBe('Could not email <email>');
    expect(parameterize('GET https://api.example.com/v2/orders/77812?expand=items failed with 503')).toBe(
      'GET <url> failed with <int>',
    );
    expect(parameterize('release shop@1.4.2 is not an email')).toBe('release shop@1.4.2 is not an email');
  });

  it('replaces IPv4 (with port) and IPv6 addresses, but not Ruby constants', () => {
    expect(parameterize('connect ECONNREFUSED 10.0.3.17:5432')).toBe('connect ECONNREFUSED <ip>');
    expect(parameterize('blocked 2001:db8:85a3:0:0:8a2e:370:7334 and fe80::1ff:fe23:4567:890a and ::1')).toBe(
      'blocked <ip> and <ip> and <ip>',
    );
    expect(parameterize('uninitialized constant Billing::Invoice')).toBe(
      'uninitialized constant Billing::Invoice',
    );
  });

  it('replaces ISO timestamps, dates, HTTP dates and times of day', () => {
    expect(parameterize('Lock held since 2026-11-25T00:26:49.643294Z by worker')).toBe(
      'Lock held since <date> by worker',
    );
    expect(parameterize('Report for 2026-11-25 missing')).toBe('Report for <date> missing');
    expect(parameterize('At 2026-11-25 00:26:49+01:00 the job')).toBe('At <date> the job');
    expect(parameterize('Expired Tue, 25 Nov 2026 00:26:49 GMT')).toBe('Expired <date>');
    expect(parameterize('cron fired at 03:15:00')).toBe('cron fired at <date>');
  });

  it('replaces quoted values but not apostrophes inside words', () => {
    expect(parameterize("'INV-2201'")).toBe('<quoted>');
    expect(parameterize('Unknown column "tenant_42" in field list')).toBe(
      'Unknown column <quoted> in field list',
    );
    expect(parameterize("Can't load the user's profile")).toBe("Can't load the user's profile");
    expect(parameterize('Template `cart-v2` not found')).toBe('Template <quoted> not found');
  });

  it('gives the same text for the same bug with different parameters', () => {
    const a = "Couldn't find Order with 'id'=77812 for claire@example.com at 2026-11-01T10:00:00Z";
    const b = "Couldn't find Order with 'id'=90211 for paul@example.org at 2026-11-20T23:59:59Z";
    expect(parameterize(a)).toBe(parameterize(b));
    expect(parameterize(a)).toBe("Couldn't find Order with <quoted>=<int> for <email> at <date>");
  });

  // Inputs built to make a backtracking pattern retry at every position, at the longest message an
  // event keeps (8 KB, MAX_CHARS.message in event.ts): a pattern that backtracks catastrophically
  // never returns, and the test times out.
  it('returns on adversarial 8 KB input, with each run of parameters replaced', () => {
    expect(parameterize('a.'.repeat(4096))).toBe('a.'.repeat(4096));
    expect(parameterize('1-'.repeat(4096))).toBe('<int>-'.repeat(4096));
    expect(parameterize('x@a.'.repeat(2048))).toBe('x@a.'.repeat(2048));
    expect(parameterize(':1'.repeat(4096))).toBe(':<int>'.repeat(4096));
    expect(parameterize("'a".repeat(4096))).toBe("'a".repeat(4096));
  });
});
