// What the noise filter knows about the world: URL schemes of browser extensions and browser internals, and
// hosts that adware, malware and "helpful" software inject into other people's pages.
//
// Where these lists come from (read on 2026-12-08; hosts are facts, written out here in our own order):
// - Sentry's DEFAULT_DISALLOWED_SOURCES, getsentry/sentry src/sentry/interfaces/security.py ("sourced from
//   personal experience as well as reputable blogs from Twitter and Dropbox"), which Relay applies as the
//   csp inbound filter.
// - go-csp-collector's DefaultIgnoredBlockedURIs, jacobbednarz/go-csp-collector
//   internal/utils/blocked_uris.go.
// Left out on purpose: both lists drop `localhost` and `127.0.0.1`. A site under development or in a staging
// run reports its own local hosts, and those violations are real (the policy builder must see them), so a
// local blocked host is only noise when the page itself is not local (see noise.ts).

/** Schemes of extensions, in-app browsers and browser internals: never a resource the site itself loads. */
export const EXTENSION_SCHEMES: ReadonlySet<string> = new Set([
  // Extensions (Chrome, Firefox, Safari, old Edge, Maxthon).
  'chrome-extension',
  'moz-extension',
  'safari-extension',
  'safari-web-extension',
  'ms-browser-extension',
  'mxaddon-pkg',
  // Browser internals and in-app web views (Sentry's and go-csp-collector's lists).
  'chrome',
  'chromeinvoke',
  'chromeinvokeimmediate',
  'chromenull',
  'resource',
  'jar',
  'webviewprogressproxy',
  'tmtbff',
  'mbinit',
  'symres',
  'mxjscall',
  'mx',
  'res',
  'safari-resource',
  'opera',
  'ms-appx',
  'ms-appx-web',
  'none',
  'android-webview',
  'wvjbscheme',
  'nativebaiduhd',
  'bdvideo',
  'gsa',
  'kaspersky-labs',
]);

/**
 * Hosts injected by adware, malware, antivirus and corporate proxies. An entry matches the host itself;
 * `*.` matches any subdomain (not the bare domain).
 */
export const INJECTED_HOSTS: readonly string[] = [
  // Sentry's DEFAULT_DISALLOWED_SOURCES.
  '*.metrext.com',
  'static.image2play.com',
  '*.tlscdn.com',
  '73a5b0806e464be8bd4e694c744624f0.com',
  '020dfefc4ac745dab7594f2f771c1ded.com',
  '*.superfish.com',
  'addons.mozilla.org',
  'v.zilionfast.in',
  'widgets.amung.us',
  'xls.searchfun.in',
  'istatic.datafastguru.info',
  'resultshub-a.akamaihd.net',
  'pulseadnetwork.com',
  'gateway.zscalertwo.net',
  'www.passpack.com',
  'middlerush-a.akamaihd.net',
  'www.websmartcenter.com',
  'a.linkluster.com',
  'saveyoutime.ru',
  'cdncache-a.akamaihd.net',
  'x.rafomedia.com',
  'savingsslider-a.akamaihd.net',
  'injections.adguard.com',
  'icontent.us',
  'amiok.org',
  'connectionstrenth.com',
  'siteheart.net',
  'netanalitics.space',
  'printapplink.com',
  'godlinkapp.com',
  'devappstor.com',
  'hoholikik.club',
  'smartlink.cool',
  'promfflinkdev.com',
  // Antivirus web shields that inject their scripts into every page.
  'gc.kis.v2.scr.kaspersky-labs.com',
  'me.kis.v2.scr.kaspersky-labs.com',
];

/** Hosts that serve someone else's copy of a page (translation proxies, caches): their reports are not the site's. */
export const PROXY_PAGE_HOSTS: readonly string[] = [
  '*.translate.goog',
  'translate.googleusercontent.com',
  'webcache.googleusercontent.com',
  '*.bingj.com',
  'web.archive.org',
];

/** Whether `host` matches an entry of a host list (`*.example.com` or `example.com`). */
export function hostListed(host: string, list: readonly string[]): boolean {
  const lower = host.toLowerCase();
  return list.some((entry) =>
    entry.startsWith('*.')
      ? lower.endsWith(entry.slice(1)) && lower.length > entry.length - 1
      : lower === entry,
  );
}
