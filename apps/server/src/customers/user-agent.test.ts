import { describe, expect, it } from 'vitest';
import { browserOf, osOf } from './user-agent.ts';

const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  firefoxMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  curl: 'curl/8.5.0',
};

describe('user agents in plain words', () => {
  it('names the common browsers by their major version, Edge before the Chrome it also claims', () => {
    expect(browserOf(UA.chromeWindows)).toBe('Chrome 131');
    expect(browserOf(UA.edge)).toBe('Edge 131');
    expect(browserOf(UA.safariIphone)).toBe('Safari 17.6');
    expect(browserOf(UA.firefoxMac)).toBe('Firefox 133');
    expect(browserOf(UA.curl)).toBeNull();
  });

  it('names the operating system, Android before the Linux it also claims', () => {
    expect(osOf(UA.chromeWindows)).toBe('Windows 10 or 11');
    expect(osOf(UA.safariIphone)).toBe('iOS 17.6');
    expect(osOf(UA.firefoxMac)).toBe('macOS 10.15');
    expect(osOf(UA.chromeAndroid)).toBe('Android 14');
    expect(osOf(UA.curl)).toBeNull();
  });
});
