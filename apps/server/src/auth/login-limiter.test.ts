import { describe, expect, it } from 'vitest';
import { addressOf } from './login-limiter.ts';

describe('the address a login budget counts', () => {
  it('is an IPv4 address itself, IPv4-mapped IPv6 included', () => {
    expect(addressOf('198.51.100.7')).toBe('198.51.100.7');
    expect(addressOf('::ffff:198.51.100.7')).toBe('198.51.100.7');
  });

  it("is an IPv6 address's /64, however the address is written", () => {
    expect(addressOf('2001:db8:7:1::5')).toBe('2001:db8:7:1::/64');
    expect(addressOf('2001:0DB8:0007:0001:ffff:ffff:ffff:ffff')).toBe('2001:db8:7:1::/64');
    expect(addressOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressOf('::1')).toBe('0:0:0:0::/64');
    expect(addressOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
