// Checks on individual values in every directive: nonce strength, IP and localhost sources, plain-http sources
// and report URIs, and deprecated directives.

import { own } from '../own.ts';
import { DEPRECATED_DIRECTIVES } from '../policy/directives.ts';
import type { Policy } from '../policy/model.ts';
import { parseSourceExpression } from '../policy/source.ts';
import type { Finding } from './finding.ts';
import { makeFinding } from './finding.ts';

const NONCE = /^'nonce-(.+)'$/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** 128 bits, the minimum CSP3 asks for, is 22 base64 characters. */
const RECOMMENDED_NONCE_LENGTH = 22;

/**
 * Nonces shorter than 8 characters (guessable), shorter than 128 bits, or outside the base64 alphabet.
 *
 * @example
 * checkNonces(parsePolicy("script-src 'nonce-abc'").policy)[0]?.type; // 'nonce-too-short'
 */
export function checkNonces(policy: Policy): Finding[] {
  const findings: Finding[] = [];
  for (const d of policy.directives) {
    for (const value of d.values) {
      const nonce = NONCE.exec(value)?.[1];
      if (nonce === undefined) continue;
      if (nonce.length < 8) {
        const text = `The nonce in ${d.name} has ${nonce.length} characters; a short nonce can be guessed. Generate at least 16 random bytes per response, base64-encoded.`;
        findings.push(makeFinding('nonce-too-short', 'medium', d.name, value, text));
      } else if (nonce.length < RECOMMENDED_NONCE_LENGTH) {
        const text = `The nonce in ${d.name} carries less than the 128 bits CSP3 asks for. Generate 16 random bytes per response, base64-encoded.`;
        findings.push(makeFinding('nonce-low-entropy', 'low', d.name, value, text));
      }
      if (!BASE64.test(nonce)) {
        const text = `The nonce in ${d.name} uses characters outside base64, so browsers ignore it. Base64-encode random bytes.`;
        findings.push(makeFinding('nonce-charset', 'info', d.name, value, text));
      }
    }
  }
  return findings;
}

function hostOf(directive: string, value: string): string | undefined {
  if (directive === 'report-uri') return URL.canParse(value) ? new URL(value).hostname : undefined;
  const source = parseSourceExpression(value);
  if (source.kind === 'host') return source.host;
  // IPv6 literals are not valid host-sources, but people write them; read them loosely to report them.
  return /^(?:[a-z][a-z0-9+.-]*:\/\/)?(\[[0-9a-f:.]+\])/i.exec(value)?.[1];
}

function isIp(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || (host.startsWith('[') && host.endsWith(']'));
}

/**
 * IP-address and localhost sources, usually left over from development.
 *
 * @example
 * checkAddresses(parsePolicy('connect-src 10.0.0.12:8080').policy)[0]?.type; // 'ip-source'
 */
export function checkAddresses(policy: Policy): Finding[] {
  const findings: Finding[] = [];
  for (const d of policy.directives) {
    for (const value of d.values) {
      const host = hostOf(d.name, value);
      if (host === undefined) continue;
      if (isIp(host)) {
        const text = `${d.name} allows the IP address ${host}; browsers match IP sources inconsistently and never through wildcards${host === '127.0.0.1' ? ', and a loopback source is a development leftover' : ''}. Use a host name, or remove it in production.`;
        findings.push(makeFinding('ip-source', 'info', d.name, value, text));
      } else if (host === 'localhost' || host.endsWith('.localhost')) {
        const text = `${d.name} allows ${value}, a development leftover in a production policy. Remove it.`;
        findings.push(makeFinding('localhost-source', 'low', d.name, value, text));
      }
    }
  }
  return findings;
}

/**
 * Sources and report URIs over plain http://.
 *
 * @example
 * checkPlainHttp(parsePolicy('img-src http://img.example.com').policy)[0]?.type; // 'insecure-http-source'
 */
export function checkPlainHttp(policy: Policy): Finding[] {
  const findings: Finding[] = [];
  for (const d of policy.directives) {
    for (const value of d.values) {
      if (!value.toLowerCase().startsWith('http://')) continue;
      if (d.name === 'report-uri') {
        const text = `Violation reports go to ${value} in clear text, exposing page URLs and script samples. Use an https:// report URI.`;
        findings.push(makeFinding('insecure-report-uri', 'medium', d.name, value, text));
      } else {
        const text = `${value} is loaded over plain HTTP, so anyone on the network can replace it. Use https://.`;
        findings.push(makeFinding('insecure-http-source', 'medium', d.name, value, text));
      }
    }
  }
  return findings;
}

/**
 * Directives removed from CSP or never shipped.
 *
 * @example
 * checkDeprecated(parsePolicy('block-all-mixed-content').policy)[0]?.type; // 'deprecated-directive'
 */
export function checkDeprecated(policy: Policy): Finding[] {
  return policy.directives.flatMap((d) => {
    const why = own(DEPRECATED_DIRECTIVES, d.name);
    if (why === undefined) return [];
    return [
      makeFinding('deprecated-directive', 'info', d.name, undefined, `${d.name} is deprecated: ${why}.`),
    ];
  });
}
