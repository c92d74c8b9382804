// Vigie's own list of hosts whose content lets an attacker run script despite a host allowlist: JSONP endpoints
// (a callback parameter echoed as code), AngularJS copies (template injection), shared hosting where anyone can
// publish files, and legacy Flash files. Each entry names one known gadget path; a source covering it is bypassable.

/**
 * Why a host defeats an allowlist.
 *
 * @example
 * const kind: BypassKind = 'jsonp';
 */
export type BypassKind = 'jsonp' | 'angularjs' | 'shared-hosting' | 'flash';

/**
 * One known gadget: a host (a leading `*.` means any subdomain anyone can claim) and a path that serves it.
 *
 * @example
 * const gadget: BypassHost = { host: 'www.google.com', path: '/complete/search', kind: 'jsonp' };
 */
export interface BypassHost {
  host: string;
  path: string;
  kind: BypassKind;
  /** The endpoint only returns code that the page must eval, so it matters only with 'unsafe-eval'. */
  needsEval?: boolean;
}

function entries(kind: BypassKind, list: readonly string[], needsEval = false): BypassHost[] {
  return list.map((spec) => {
    const slash = spec.indexOf('/');
    const entry: BypassHost = { host: spec.slice(0, slash), path: spec.slice(slash), kind };
    if (needsEval) entry.needsEval = true;
    return entry;
  });
}

/** JSONP endpoints on hosts that sites commonly allowlist for analytics, ads, maps, social widgets and APIs. */
const JSONP = entries('jsonp', [
  'www.google.com/complete/search',
  'clients1.google.com/complete/search',
  'suggestqueries.google.com/complete/search',
  'accounts.google.com/o/oauth2/revoke',
  'cse.google.com/api/',
  'books.google.com/books',
  'translate.googleapis.com/translate_a/l',
  'translate.google.com/translate_a/l',
  'maps.googleapis.com/maps/api/js/GeoPhotoService.GetMetadata',
  'maps.google.com/maps/vt',
  'ajax.googleapis.com/ajax/services/search/news',
  'www.googleapis.com/customsearch/v1',
  'googleads.g.doubleclick.net/pagead/conversion/',
  'securepubads.g.doubleclick.net/gampad/ads',
  'pagead2.googlesyndication.com/relatedsearch',
  'partner.googleadservices.com/gampad/ads',
  'www.blogger.com/feeds/',
  '*.blogspot.com/feeds/',
  'www.youtube.com/profile_style',
  'graph.facebook.com/',
  'api.facebook.com/restserver.php',
  'www.facebook.com/restserver.php',
  'publish.twitter.com/oembed',
  'syndication.twitter.com/widgets/timelines/',
  'cdn.syndication.twimg.com/widgets/timelines/',
  'api.instagram.com/v1/',
  'widgets.pinterest.com/v3/pidgets/',
  'vimeo.com/api/oembed.json',
  'fast.wistia.com/embed/medias/',
  'api.mixpanel.com/track/',
  'gum.criteo.com/sync',
  'ib.adnxs.com/jpt',
  'links.services.disqus.com/api/ping',
  'm.addthis.com/live/',
  'www.sharethis.com/get-publisher-info.php',
  'api.userlike.com/api/chat/slot/proactive/',
  'a.tiles.mapbox.com/v3/',
  'nominatim.openstreetmap.org/',
  'dev.virtualearth.net/REST/V1/',
  'en.wikipedia.org/w/api.php',
  'api.flickr.com/services/feeds/',
  'mc.yandex.ru/watch/',
  'an.yandex.ru/page/',
  'api.vk.com/method/',
  'connect.mail.ru/share_count',
  'api.map.baidu.com/',
  'suggest.taobao.com/sug',
  'detector.alicdn.com/',
  'wb.amap.com/channel.php',
]);

/** Google endpoints that answer with code the page has to eval: a bypass only together with 'unsafe-eval'. */
const JSONP_NEEDING_EVAL = entries(
  'jsonp',
  [
    'www.googletagmanager.com/gtm/js',
    'googletagmanager.com/gtm/js',
    'www.google-analytics.com/gtm/js',
    'ssl.google-analytics.com/gtm/js',
    'google-analytics.com/gtm/js',
    'www.googleadservices.com/pagead/conversion/',
  ],
  true,
);

/** Public CDNs and sites serving AngularJS 1.x, whose template syntax runs attacker expressions. */
const ANGULARJS = entries('angularjs', [
  'ajax.googleapis.com/ajax/libs/angularjs/1.8.2/angular.min.js',
  'www.gstatic.com/fsn/angular_js-bundle1.js',
  'cdnjs.cloudflare.com/ajax/libs/angular.js/1.8.2/angular.min.js',
  'cdn.jsdelivr.net/npm/angular@1.8.3/angular.min.js',
  'unpkg.com/angular@1.8.3/angular.min.js',
  'code.angularjs.org/1.8.2/angular.min.js',
  'cdn.bootcdn.net/ajax/libs/angular.js/1.8.2/angular.min.js',
  'oss.maxcdn.com/angularjs/1.2.20/angular.min.js',
  'yastatic.net/angularjs/1.2.23/angular.min.js',
  'cdn.shopify.com/s/files/',
  'www.googleadservices.com/pageadimg/imgad',
]);

/** Hosts where anyone can publish a script under a shared name (a subdomain or a path). */
const SHARED_HOSTING = entries('shared-hosting', [
  '*.github.io/',
  '*.herokuapp.com/',
  '*.appspot.com/',
  '*.firebaseapp.com/',
  '*.web.app/',
  '*.netlify.app/',
  '*.vercel.app/',
  '*.pages.dev/',
  '*.glitch.me/',
  '*.cloudfront.net/',
  '*.azurewebsites.net/',
  '*.blob.core.windows.net/',
  '*.s3.amazonaws.com/',
  '*.googleusercontent.com/',
  's3.amazonaws.com/attacker-bucket/x.js',
  'storage.googleapis.com/attacker-bucket/x.js',
  'cdn.jsdelivr.net/gh/attacker/repo/x.js',
  'unpkg.com/attacker-package/x.js',
]);

/** Flash files with script-reachable parameters; only matters for old browsers that still run plugins. */
const FLASH = entries('flash', [
  'vk.com/swf/video.swf',
  'ajax.googleapis.com/ajax/libs/yui/2.8.0r4/build/charts/assets/charts.swf',
]);

/**
 * Every known script gadget host (JSONP, AngularJS, shared hosting).
 *
 * @example
 * findBypass('https://cdnjs.cloudflare.com', SCRIPT_BYPASS_HOSTS, false)?.kind; // 'angularjs'
 */
export const SCRIPT_BYPASS_HOSTS: readonly BypassHost[] = [
  ...JSONP,
  ...JSONP_NEEDING_EVAL,
  ...ANGULARJS,
  ...SHARED_HOSTING,
];

/**
 * Known Flash gadget hosts, for object-src.
 *
 * @example
 * findBypass('https://vk.com', FLASH_BYPASS_HOSTS, false)?.kind; // 'flash'
 */
export const FLASH_BYPASS_HOSTS: readonly BypassHost[] = FLASH;
