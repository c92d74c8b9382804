// Help texts of vigie-csp and its subcommands, each with an example.

/**
 * Help for each subcommand, shown by `vigie-csp <command> --help`.
 *
 * @example
 * console.log(COMMAND_HELP.generate);
 */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  evaluate: `Usage: vigie-csp evaluate "<policy>" [--json] [--reporting-endpoints "<header value>"] [--fail-on <severity>]

Checks a Content Security Policy and lists its findings (types: see src/evaluator/FINDINGS.md).
A 'nonce-{nonce}' placeholder (as generate --strict prints) is evaluated as a real nonce.

  --json                   print {"findings":[{"type","severity","directive","value","description"}]}
  --reporting-endpoints    the Reporting-Endpoints header sent with the policy, to check report-to
  --fail-on <severity>     exit 1 when a finding is this severe or worse: high (default), medium,
                           syntax, strict, low, info, or none to always exit 0

Example:
  vigie-csp evaluate "default-src 'self'; script-src 'self' 'unsafe-inline'" --json`,
  generate: `Usage: vigie-csp generate --from <reports.json> [--strict] [--format <format>] [options]

Builds a policy that would have allowed the reported violations. <reports.json> holds report
bodies of either shape (report-uri {"csp-report":…} or Reporting API csp-violation), as a JSON
array or one per line (JSONL). The policy goes to stdout; inline code and eval are not allowed
silently: they are listed as decisions on stderr.

  --strict                 nonce + 'strict-dynamic' policy instead of an allowlist
  --format <format>        header (default), meta, helmet, secure_headers, nginx, caddy
  --origin <url>           the site's origin ('self'); default: the most reported page origin
  --base "<policy>"        policy to extend (default: default-src 'self')
  --report-only            emit the report-only variant
  --json                   print the policy, decisions and sources as JSON
  --min-reports <n>        reports a source needs before it is added (default 2)
  --min-pages <n>          …from this many distinct pages (default 2)
  --min-days <n>           …or on this many days, for reports with a receivedAt (default 2)
  --allow-in-scripts <src> allow a scheme source such as blob: in script directives (repeatable);
                           without it, data:/blob: scripts are listed as decisions, never added
  --strict-input           refuse a file with lines that are not JSON (default: skip and count them)

Reports from other origins than the site's (a translation proxy's copy, a page saved to disk) and
violations caused by an extension's script are set aside, with the reason, on stderr.

Example:
  vigie-csp generate --from reports.jsonl --format nginx`,
  hash: `Usage: vigie-csp hash <files…> [--algorithm sha256|sha384|sha512]

Prints a JSON manifest of the hash sources of the inline <script> and <style> blocks of HTML
files, and of whole .js/.css files. Give it to the middleware's "hashes" option.

Example:
  vigie-csp hash public/index.html public/app.js > csp-hashes.json`,
  scan: `Usage: vigie-csp scan <url> [--json] [--timeout <ms>] [--fail-on <severity>]

Fetches the page and grades its security headers A+ … F (CSP, HSTS, X-Content-Type-Options,
frame-ancestors / X-Frame-Options, Referrer-Policy, Permissions-Policy; COOP/COEP/CORP shown),
with the reasons and the CSP evaluator's findings. Exits 1 when the page cannot be fetched, sends
no CSP at all, or has a CSP finding as severe as --fail-on (high by default; none: never).

Example:
  vigie-csp scan https://shop.example.com/`,
};

/**
 * The overview printed by `vigie-csp --help`.
 *
 * @example
 * console.log(MAIN_HELP);
 */
export const MAIN_HELP = `Usage: vigie-csp <command> [options]

Content Security Policy toolkit.

Commands:
  evaluate "<policy>"        list a policy's weaknesses and mistakes
  generate --from <file>     build a policy from violation reports
  hash <files…>              hash inline scripts and styles for the policy
  scan <url>                 grade a page's security headers A+ … F

Run vigie-csp <command> --help for a command's options.

Examples:
  vigie-csp evaluate "script-src 'self' 'unsafe-inline'"
  vigie-csp generate --from reports.json --strict --format helmet
  vigie-csp hash dist/index.html > csp-hashes.json
  vigie-csp scan https://shop.example.com/`;
