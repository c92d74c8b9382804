// Reports that real sites receive and that say nothing about their own policy, each with the reason the
// noise filter should give. Shapes follow what browsers send (report-uri kebab-case fields); the hosts
// and schemes are those of the lists in noise-lists.ts and of the defects issue 17 lists (extensions,
// injected ads, translation proxies, local files, impossible reports).

import type { NoiseReason } from '../noise.ts';

export interface NoisyReport {
  reason: NoiseReason;
  report: Record<string, string>;
}

const POLICY =
  "default-src 'self'; script-src 'self' https://cdn.shop.example; img-src 'self' data:; report-uri /csp";
const page = 'https://shop.example/products/123';

const base = (fields: Record<string, string>) => ({
  'document-uri': page,
  'effective-directive': 'script-src-elem',
  'original-policy': POLICY,
  disposition: 'report',
  ...fields,
});

const extensionBlocked = [
  'chrome-extension://gighmmpiobklfepjocnamgkkbiglidom/content.js',
  'moz-extension://1b2c3d4e-aaaa-bbbb-cccc-123456789abc/inject.js',
  'safari-extension://com.adblock.safari-ABCDE/script.js',
  'safari-web-extension://0F1E2D3C/content.js',
  'ms-browser-extension://Honey_abc/h0.js',
  'chrome://resources/js/load_time_data.js',
  'resource://gre/modules/x.js',
  'mxaddon-pkg://abc/script.js',
  'webviewprogressproxy://__progress',
  'chromenull://',
  'chromeinvokeimmediate://abc',
  'mbinit://xyz',
  'symres://xyz',
  'jar:file:///x.jar!/y',
  'tmtbff://x',
  'ms-appx-web://app/x.js',
  'gsa://onpageevent',
];

const injectedHosts = [
  'https://static.image2play.com/banner.js',
  'https://cdn.superfish.com/sf.js',
  'https://v.zilionfast.in/a.js',
  'https://widgets.amung.us/tab.js',
  'https://xls.searchfun.in/x.js',
  'https://resultshub-a.akamaihd.net/r.js',
  'https://gateway.zscalertwo.net/auT?origurl=x',
  'https://injections.adguard.com/sf.js',
  'https://saveyoutime.ru/x.js',
  'https://smartlink.cool/l.js',
  'https://gc.kis.v2.scr.kaspersky-labs.com/FD126C42-EBFA-4E12-B309-BB3FDD723AC1/main.js',
  'https://a.metrext.com/t.js',
  'https://x.tlscdn.com/c.js',
];

export const NOISE_CORPUS: NoisyReport[] = [
  ...extensionBlocked.map((uri) => ({ reason: 'extension' as const, report: base({ 'blocked-uri': uri }) })),
  // An extension's script injecting inline code, data: or blob: scripts: the source file gives it away.
  ...['inline', 'data', 'blob', 'eval'].map((blocked) => ({
    reason: 'extension' as const,
    report: base({
      'blocked-uri': blocked,
      'source-file': 'chrome-extension://gighmmpiobklfepjocnamgkkbiglidom/content.js',
    }),
  })),
  {
    reason: 'extension',
    report: base({
      'blocked-uri': 'data',
      'effective-directive': 'script-src-elem',
      'source-file': 'moz-extension://abc/x.js',
    }),
  },
  ...injectedHosts.map((uri) => ({ reason: 'injected-host' as const, report: base({ 'blocked-uri': uri }) })),
  {
    reason: 'browser-internal',
    report: base({ 'blocked-uri': 'about', 'effective-directive': 'frame-src' }),
  },
  {
    reason: 'browser-internal',
    report: base({ 'blocked-uri': 'about:srcdoc', 'effective-directive': 'frame-src' }),
  },
  {
    reason: 'browser-internal',
    report: base({ 'blocked-uri': 'data:text/html,chromewebdata', 'effective-directive': 'frame-src' }),
  },
  // Someone else's copy of the page.
  {
    reason: 'foreign-page',
    report: base({
      'document-uri': 'https://shop-example.translate.goog/products/123?_x_tr_sl=fr',
      'blocked-uri': 'https://translate.googleapis.com/x.js',
    }),
  },
  {
    reason: 'foreign-page',
    report: base({
      'document-uri': 'file:///C:/Users/me/Desktop/shop.html',
      'blocked-uri': 'https://cdn.other.example/a.js',
    }),
  },
  {
    reason: 'foreign-page',
    report: base({
      'document-uri': 'https://webcache.googleusercontent.com/search?q=cache:shop.example',
      'blocked-uri': 'inline',
    }),
  },
  { reason: 'foreign-page', report: base({ 'document-uri': 'about:blank', 'blocked-uri': 'inline' }) },
  {
    reason: 'foreign-page',
    report: base({ 'document-uri': 'chrome-error://chromewebdata/', 'blocked-uri': 'inline' }),
  },
  // Software on the visitor's machine.
  { reason: 'local-host', report: base({ 'blocked-uri': 'http://localhost:8888/agent.js' }) },
  {
    reason: 'local-host',
    report: base({ 'blocked-uri': 'http://127.0.0.1:5939/socket', 'effective-directive': 'connect-src' }),
  },
  // Impossible: the quoted policy allows what the report says was blocked.
  { reason: 'impossible', report: base({ 'blocked-uri': 'https://cdn.shop.example/app.js' }) },
  { reason: 'impossible', report: base({ 'blocked-uri': 'https://shop.example/static/app.js' }) },
  { reason: 'impossible', report: base({ 'blocked-uri': 'data', 'effective-directive': 'img-src' }) },
  {
    reason: 'impossible',
    report: base({ 'blocked-uri': 'https://shop.example/logo.png', 'effective-directive': 'img-src' }),
  },
  {
    reason: 'impossible',
    report: base({
      'blocked-uri': 'https://fonts.gstatic.com/s/a.woff2',
      'effective-directive': 'font-src',
      'original-policy': "default-src 'self'; font-src https://fonts.gstatic.com",
    }),
  },
];

/** Real violations beside the Chromium captures: each must pass the filter. */
export const REAL_REPORTS: Record<string, string>[] = [
  base({ 'blocked-uri': 'https://www.googletagmanager.com/gtm.js?id=GTM-X' }),
  base({ 'blocked-uri': 'inline', 'script-sample': 'window.dataLayer=window.dataLayer||[]' }),
  base({ 'blocked-uri': 'eval', 'source-file': 'https://cdn.shop.example/vendor.js' }),
  base({ 'blocked-uri': 'https://api.stripe.com/v1/tokens', 'effective-directive': 'connect-src' }),
  base({
    'blocked-uri': 'blob',
    'effective-directive': 'worker-src',
    'source-file': 'https://shop.example/app.js',
  }),
  base({ 'blocked-uri': 'data', 'effective-directive': 'font-src' }),
  base({
    'blocked-uri': 'https://fonts.googleapis.com/css2?family=Inter',
    'effective-directive': 'style-src-elem',
  }),
  base({ 'blocked-uri': 'inline', 'effective-directive': 'style-src-attr' }),
  base({ 'blocked-uri': 'https://www.youtube.com/embed/x', 'effective-directive': 'frame-src' }),
  base({ 'blocked-uri': 'http://img.partner.example/p.gif', 'effective-directive': 'img-src' }),
  // A staging site on localhost reports its own local hosts: real for its owners.
  base({
    'document-uri': 'http://localhost:3000/checkout',
    'blocked-uri': 'http://localhost:3001/api',
    'effective-directive': 'connect-src',
  }),
];
