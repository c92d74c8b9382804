// The pages of the end-to-end test site: inline scripts and styles the middleware nonces, a script that loads
// another through 'strict-dynamic', and a page whose inline script is allowed by a hash from the manifest.

/**
 * The home page: every inline block lacks a nonce; the middleware inserts it. The greeting is a DOM XSS sink
 * (document.write of the URL fragment): markup it writes is parser-inserted, so 'strict-dynamic' blocks its scripts.
 */
export const HOME = `<!doctype html>
<html><head>
<title>shop</title>
<style>#status { color: rgb(0, 128, 0); }</style>
<script>window.inlineRan = true;</script>
<script src="/app.js"></script>
</head><body>
<p id="status">loading</p>
<p id="greeting"><script>document.write('Hello ' + decodeURIComponent(location.hash.slice(1)));</script></p>
<script>document.getElementById('status').textContent = 'ready';</script>
</body></html>`;

/** Loaded by a nonced tag; inserts another script, which 'strict-dynamic' trusts. */
export const APP_JS = `window.externalRan = true;
const loaded = document.createElement('script');
loaded.src = '/loaded-by-app.js';
document.head.append(loaded);`;

export const LOADED_JS = 'window.dynamicRan = true;';

/** A page without nonces: its inline script is allowed by the hash `vigie-csp hash` computed. */
export const HASHED = `<!doctype html>
<html><head><title>legal</title></head><body>
<script>window.hashedRan = true;</script>
</body></html>`;

/** The same page with the script edited after hashing: the browser must block it. */
export const TAMPERED = HASHED.replace('window.hashedRan = true;', 'window.hashedRan = "tampered";');
