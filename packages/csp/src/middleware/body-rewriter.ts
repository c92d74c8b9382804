// Rewrites HTML response bodies on a node:http ServerResponse (and so Express): nonces into tags as the body
// streams, and hashes of inline blocks for small bodies sent in one piece, before the headers leave.

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { hashSource } from '../hash/digest.ts';
import { findInlineBlocks } from '../hash/inline.ts';
import type { HashSources } from '../hash/manifest.ts';
import type { ResponseHooks } from './core.ts';
import { NonceInserter } from './html-nonce.ts';

/**
 * What the rewriter does to HTML bodies.
 *
 * @example
 * const settings: RewriteSettings = { nonce: csp.nonce, autoNonce: true, runtimeHashBytes: 65_536 };
 */
export interface RewriteSettings {
  nonce: string;
  autoNonce: boolean;
  runtimeHashBytes: number;
}

type Callback = (error?: Error | null) => void;
type Chunk = string | Uint8Array;

/**
 * Hash sources of every inline block in a body.
 *
 * @example
 * inlineHashes('<script>go()</script>')['script-src']; // ["'sha256-…'"]
 */
export function inlineHashes(html: string): HashSources {
  const sources: HashSources = { 'script-src': [], 'style-src': [] };
  for (const block of findInlineBlocks(html)) {
    sources[block.kind === 'script' ? 'script-src' : 'style-src'].push(hashSource(block.content));
  }
  return sources;
}

function isRewritable(req: IncomingMessage, res: ServerResponse): boolean {
  const type = String(res.getHeader('content-type') ?? '');
  return (
    req.method !== 'HEAD' &&
    /^text\/html/i.test(type) &&
    res.getHeader('content-encoding') === undefined &&
    res.statusCode !== 204 &&
    res.statusCode !== 304
  );
}

function toText(decoder: StringDecoder, chunk: Chunk, encoding?: BufferEncoding): string {
  return typeof chunk === 'string'
    ? decoder.write(Buffer.from(chunk, encoding))
    : decoder.write(Buffer.from(chunk));
}

// writeHead(status, [reason], [headers]) sends at once; for HTML it becomes setHeader calls, so the rewriter can
// still change Content-Length and the CSP after seeing the body. Anything else is written through at once.
function deferWriteHead(res: ServerResponse, original: ServerResponse['writeHead']): void {
  res.writeHead = ((status: number, reason?: string | OutgoingHttpHeaders, headers?: OutgoingHttpHeaders) => {
    res.statusCode = status;
    const fields = typeof reason === 'object' ? reason : headers;
    if (typeof reason === 'string') res.statusMessage = reason;
    if (Array.isArray(fields)) {
      for (let i = 0; i + 1 < fields.length; i += 2)
        res.setHeader(String(fields[i]), fields[i + 1] as string);
    } else {
      for (const [name, value] of Object.entries(fields ?? {}))
        if (value !== undefined) res.setHeader(name, value);
    }
    if (/^text\/html/i.test(String(res.getHeader('content-type') ?? ''))) return res;
    res.writeHead = original;
    return original.call(res, status);
  }) as ServerResponse['writeHead'];
}

// Decided once, when the body starts: by then the handler has set Content-Type and Content-Encoding.
function decider(
  req: IncomingMessage,
  res: ServerResponse,
  writeHead: ServerResponse['writeHead'],
): () => boolean {
  let mode: 'undecided' | 'rewrite' | 'pass' = 'undecided';
  return () => {
    if (mode === 'undecided') {
      // Node sends the head through res.writeHead when the body starts: from here on it must be the real one.
      res.writeHead = writeHead;
      mode = isRewritable(req, res) ? 'rewrite' : 'pass';
      if (mode === 'rewrite') {
        res.removeHeader('content-length');
        // The body now differs per response: a validator would let a cache serve stale nonces.
        res.removeHeader('etag');
      }
    }
    return mode === 'rewrite';
  };
}

// The last piece of an HTML body; when it is the whole body (nothing sent yet), hashes and length can still change.
function lastPiece(
  text: string,
  res: ServerResponse,
  settings: RewriteSettings,
  hooks: ResponseHooks,
  inserter: NonceInserter,
): Buffer {
  const whole = !res.headersSent;
  if (whole && settings.runtimeHashBytes > 0 && Buffer.byteLength(text) <= settings.runtimeHashBytes) {
    hooks.setRuntimeHashes(inlineHashes(text));
  }
  const body = Buffer.from(settings.autoNonce ? inserter.push(text) + inserter.flush() : text);
  if (whole) res.setHeader('content-length', body.length);
  return body;
}

/**
 * Wraps `res.write`/`res.end` so HTML bodies get nonces (and hashes). Other responses pass through untouched.
 * Call it before anything is written.
 *
 * @example
 * const csp = core.start(pathname, (headers) => { for (const [k, v] of Object.entries(headers)) res.setHeader(k, v); });
 * rewriteHtmlBodies(req, res, { nonce: csp.nonce, autoNonce: true, runtimeHashBytes: 0 }, csp);
 */
export function rewriteHtmlBodies(
  req: IncomingMessage,
  res: ServerResponse,
  settings: RewriteSettings,
  hooks: ResponseHooks,
): void {
  const write = res.write.bind(res) as (chunk: Chunk, cb?: Callback) => boolean;
  const end = res.end.bind(res) as (chunk?: Chunk, cb?: () => void) => ServerResponse;
  const decoder = new StringDecoder('utf8');
  const inserter = new NonceInserter(settings.nonce);
  const writeHead = res.writeHead;
  deferWriteHead(res, writeHead);
  const rewriting = decider(req, res, writeHead);
  const asBytes = (chunk: Chunk, encoding?: BufferEncoding): Chunk =>
    typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;

  res.write = ((chunk: Chunk, encoding?: BufferEncoding | Callback, cb?: Callback) => {
    const callback = typeof encoding === 'function' ? encoding : cb;
    const enc = typeof encoding === 'string' ? encoding : undefined;
    if (!rewriting()) return write(asBytes(chunk, enc), callback);
    const text = toText(decoder, chunk, enc);
    return write(settings.autoNonce ? inserter.push(text) : text, callback);
  }) as ServerResponse['write'];

  res.end = ((chunk?: Chunk | (() => void), encoding?: BufferEncoding | (() => void), cb?: () => void) => {
    const callback = [chunk, encoding, cb].find((a) => typeof a === 'function') as (() => void) | undefined;
    const data = typeof chunk === 'function' ? undefined : chunk;
    const enc = typeof encoding === 'string' ? encoding : undefined;
    if (!rewriting()) return end(data === undefined ? undefined : asBytes(data, enc), callback);
    const text = (data === undefined ? '' : toText(decoder, data, enc)) + decoder.end();
    return end(lastPiece(text, res, settings, hooks, inserter), callback);
  }) as ServerResponse['end'];
}
