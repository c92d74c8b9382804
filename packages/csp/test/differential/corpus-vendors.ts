// Third-party services as sites really allowlist them (from their own CSP integration guides), used by
// build-corpus.ts to assemble realistic policies.

/** Sources a vendor needs, per directive. */
export type VendorSources = Readonly<Record<string, readonly string[]>>;

export const VENDORS: Readonly<Record<string, VendorSources>> = {
  gtm: {
    'script-src': ['https://www.googletagmanager.com'],
    'img-src': ['https://www.googletagmanager.com', 'https://www.google-analytics.com'],
    'connect-src': ['https://*.google-analytics.com', 'https://*.analytics.google.com'],
  },
  ua: {
    'script-src': ['https://www.google-analytics.com', 'https://ssl.google-analytics.com'],
    'img-src': ['https://www.google-analytics.com', 'https://stats.g.doubleclick.net'],
    'connect-src': ['https://www.google-analytics.com'],
  },
  fonts: {
    'style-src': ['https://fonts.googleapis.com'],
    'font-src': ['https://fonts.gstatic.com'],
  },
  stripe: {
    'script-src': ['https://js.stripe.com'],
    'frame-src': ['https://js.stripe.com', 'https://hooks.stripe.com'],
    'connect-src': ['https://api.stripe.com'],
  },
  sentry: {
    'script-src': ['https://browser.sentry-cdn.com'],
    'connect-src': ['https://*.ingest.sentry.io'],
  },
  intercom: {
    'script-src': ['https://widget.intercom.io', 'https://js.intercomcdn.com'],
    'connect-src': ['https://api-iam.intercom.io', 'wss://nexus-websocket-a.intercom.io'],
    'img-src': ['https://static.intercomassets.com', 'https://downloads.intercomcdn.com'],
    'font-src': ['https://js.intercomcdn.com'],
  },
  hotjar: {
    'script-src': ['https://static.hotjar.com', 'https://script.hotjar.com'],
    'connect-src': ['https://*.hotjar.com', 'https://*.hotjar.io', 'wss://*.hotjar.com'],
    'img-src': ['https://*.hotjar.com'],
    'font-src': ['https://script.hotjar.com'],
  },
  facebook: {
    'script-src': ['https://connect.facebook.net'],
    'img-src': ['https://www.facebook.com'],
    'connect-src': ['https://www.facebook.com'],
  },
  youtube: { 'frame-src': ['https://www.youtube.com', 'https://www.youtube-nocookie.com'] },
  vimeo: { 'frame-src': ['https://player.vimeo.com'] },
  recaptcha: {
    'script-src': ['https://www.google.com/recaptcha/', 'https://www.gstatic.com/recaptcha/'],
    'frame-src': ['https://www.google.com/recaptcha/', 'https://recaptcha.google.com/recaptcha/'],
  },
  recaptchaLoose: {
    'script-src': ['https://www.google.com', 'https://www.gstatic.com'],
    'frame-src': ['https://www.google.com'],
  },
  jsdelivr: { 'script-src': ['https://cdn.jsdelivr.net'], 'style-src': ['https://cdn.jsdelivr.net'] },
  cdnjs: { 'script-src': ['https://cdnjs.cloudflare.com'], 'style-src': ['https://cdnjs.cloudflare.com'] },
  unpkg: { 'script-src': ['https://unpkg.com'] },
  jquery: { 'script-src': ['https://code.jquery.com', 'https://ajax.googleapis.com'] },
  cloudflare: {
    'script-src': ['https://static.cloudflareinsights.com'],
    'connect-src': ['https://cloudflareinsights.com'],
  },
  segment: { 'script-src': ['https://cdn.segment.com'], 'connect-src': ['https://api.segment.io'] },
  mixpanel: { 'script-src': ['https://cdn.mxpnl.com'], 'connect-src': ['https://api-js.mixpanel.com'] },
  hubspot: {
    'script-src': ['https://js.hs-scripts.com', 'https://js.hs-analytics.net', 'https://js.hsforms.net'],
    'connect-src': ['https://*.hubspot.com', 'https://forms.hubspot.com'],
    'frame-src': ['https://*.hubspot.com'],
  },
  datadog: {
    'script-src': ['https://www.datadoghq-browser-agent.com'],
    'connect-src': ['https://browser-intake-datadoghq.com', 'https://browser-intake-datadoghq.eu'],
    'worker-src': ['blob:'],
  },
  twitter: {
    'script-src': ['https://platform.twitter.com'],
    'frame-src': ['https://platform.twitter.com', 'https://syndication.twitter.com'],
  },
  maps: {
    'script-src': ['https://maps.googleapis.com'],
    'img-src': ['https://maps.gstatic.com', 'https://*.googleapis.com'],
  },
  shopify: { 'script-src': ['https://cdn.shopify.com'], 'img-src': ['https://cdn.shopify.com'] },
  newrelic: { 'script-src': ['https://js-agent.newrelic.com'], 'connect-src': ['https://bam.nr-data.net'] },
  algolia: { 'connect-src': ['https://*.algolia.net', 'https://*.algolianet.com'] },
  cookiebot: {
    'script-src': ['https://consent.cookiebot.com', 'https://consentcdn.cookiebot.com'],
    'frame-src': ['https://consentcdn.cookiebot.com'],
  },
  onetrust: {
    'script-src': ['https://cdn.cookielaw.org'],
    'connect-src': ['https://geolocation.onetrust.com'],
  },
  paypal: {
    'script-src': ['https://www.paypal.com', 'https://www.paypalobjects.com'],
    'frame-src': ['https://www.paypal.com'],
  },
  zendesk: {
    'script-src': ['https://static.zdassets.com'],
    'connect-src': ['https://ekr.zdassets.com', 'https://*.zendesk.com', 'wss://*.zopim.com'],
  },
  doubleclick: {
    'script-src': ['https://securepubads.g.doubleclick.net', 'https://pagead2.googlesyndication.com'],
    'frame-src': ['https://tpc.googlesyndication.com', 'https://googleads.g.doubleclick.net'],
    'img-src': ['https://pagead2.googlesyndication.com'],
  },
  yandex: { 'script-src': ['https://mc.yandex.ru'], 'img-src': ['https://mc.yandex.ru'] },
  vk: { 'script-src': ['https://vk.com', 'https://api.vk.com'] },
  firebase: {
    'script-src': ['https://www.gstatic.com/firebasejs/'],
    'connect-src': ['https://*.firebaseio.com', 'wss://*.firebaseio.com', 'https://firestore.googleapis.com'],
  },
  s3: { 'img-src': ['https://*.s3.amazonaws.com'], 'script-src': ['https://s3.amazonaws.com'] },
  cloudfront: {
    'script-src': ['https://d1a2b3c4d5e6f7.cloudfront.net'],
    'img-src': ['https://*.cloudfront.net'],
  },
};
