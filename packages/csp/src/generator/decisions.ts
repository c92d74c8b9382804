// Groups the inline code and eval a site ran into decisions for a person to make: the generator never adds
// 'unsafe-inline' or 'unsafe-eval' by itself, it says what was seen and which ways there are to allow it.

import { hashSource } from '../hash/digest.ts';
import { isAllowed } from '../policy/match.ts';
import type { Policy } from '../policy/model.ts';
import type { Observation } from './observation.ts';

/**
 * What kind of code a decision is about.
 *
 * @example
 * const kind: DecisionKind = 'inline-attribute'; // an onclick=… handler or a style=… attribute
 * // 'scheme': a script from a data:, blob: (or any) URL, which the generator never allows by itself
 */
export type DecisionKind = 'inline' | 'inline-attribute' | 'eval' | 'wasm-eval' | 'scheme';

/**
 * A way to allow it, from the safest.
 *
 * @example
 * const options: DecisionOption[] = ['nonce', 'hash', 'unsafe-inline'];
 */
export type DecisionOption =
  | 'nonce'
  | 'hash'
  | 'unsafe-hashes'
  | 'unsafe-inline'
  | 'unsafe-eval'
  | 'wasm-unsafe-eval'
  /** Add the decision's `source` (e.g. `blob:`) to the directive: pass it in `allowInScripts`. */
  | 'allow-scheme';

/**
 * Inline code or eval the site used that the policy does not allow yet.
 *
 * @example
 * for (const d of generatePolicy(observations).decisions) console.log(d.directive, d.kind, d.options, d.advice);
 */
export interface Decision {
  /** `script-src` or `style-src` (or the reported directive when it is another). */
  directive: string;
  kind: DecisionKind;
  /** For `scheme` decisions: the source that would allow it, e.g. `data:`. */
  source?: string;
  /** How many violations were seen. */
  count: number;
  /** Distinct samples of the blocked code (browsers send the first 40 characters with 'report-sample'). */
  samples: string[];
  /** Hash sources of the samples that are complete (shorter than the browser's cut-off). */
  hashes: string[];
  /** How many distinct samples were cut off, so cannot be hashed from the report. */
  truncatedSamples: number;
  /** Pages or scripts where it happened (`source-file`, else the document). */
  locations: string[];
  options: DecisionOption[];
  /** One or two sentences on what to do. */
  advice: string;
}

/**
 * Browsers cut `script-sample` to this many characters; a shorter sample is the whole block.
 *
 * @example
 * const complete = sample.length < SAMPLE_LIMIT; // only then is hashSource(sample) the block's hash
 */
export const SAMPLE_LIMIT = 40;

const OPTIONS: Record<Exclude<DecisionKind, 'scheme'>, DecisionOption[]> = {
  inline: ['nonce', 'hash', 'unsafe-inline'],
  'inline-attribute': ['unsafe-hashes', 'unsafe-inline'],
  eval: ['unsafe-eval'],
  'wasm-eval': ['wasm-unsafe-eval'],
};

/**
 * The general directive a reported one belongs to: `script-src-elem` and `script-src-attr` are
 * `script-src`, `style-src-*` are `style-src` (Chromium reports the specific ones).
 *
 * @example
 * generalDirective('script-src-attr'); // 'script-src'
 * generalDirective('img-src'); // 'img-src'
 */
export function generalDirective(reported: string): string {
  return reported.replace(/^(script|style)-src-(elem|attr)$/, '$1-src');
}

function kindOf(observation: Observation): Exclude<DecisionKind, 'scheme'> | undefined {
  const blocked = observation.blockedURL.trim().toLowerCase();
  if (blocked === 'eval' || blocked === 'wasm-eval') return blocked;
  if (blocked !== 'inline') return undefined;
  return observation.effectiveDirective.endsWith('-attr') ? 'inline-attribute' : 'inline';
}

function resourceFor(kind: Exclude<DecisionKind, 'scheme'>): Parameters<typeof isAllowed>[2] {
  return kind === 'eval' || kind === 'wasm-eval' ? { kind } : { kind: 'inline' };
}

/**
 * Groups inline and eval violations into decisions, skipping those the policy already allows.
 *
 * @example
 * const [decision] = collectDecisions([{ effectiveDirective: 'script-src-elem', blockedURL: 'inline',
 *   documentURL: 'https://shop.example.com/', sample: 'window.dataLayer=[]' }], toPolicy("default-src 'self'"));
 * decision?.options; // ['nonce', 'hash', 'unsafe-inline']
 * decision?.hashes; // ["'sha256-…'"]: the sample is complete, so its hash is known
 */
export function collectDecisions(observations: readonly Observation[], policy: Policy): Decision[] {
  const groups = new Map<string, { decision: Decision; samples: Set<string>; locations: Set<string> }>();
  for (const observation of observations) {
    const kind = kindOf(observation);
    if (kind === undefined) continue;
    if (isAllowed(policy, observation.effectiveDirective, resourceFor(kind), observation.documentURL))
      continue;
    const directive = generalDirective(observation.effectiveDirective);
    const key = `${directive} ${kind}`;
    let group = groups.get(key);
    if (group === undefined) {
      const decision: Decision = {
        directive,
        kind,
        count: 0,
        samples: [],
        hashes: [],
        truncatedSamples: 0,
        locations: [],
        options: OPTIONS[kind],
        advice: '',
      };
      group = { decision, samples: new Set(), locations: new Set() };
      groups.set(key, group);
    }
    group.decision.count += 1;
    if (observation.sample !== undefined && kind !== 'eval' && kind !== 'wasm-eval')
      group.samples.add(observation.sample);
    group.locations.add(observation.sourceFile ?? observation.documentURL);
  }
  return [...groups.values()].map(({ decision, samples, locations }) => finish(decision, samples, locations));
}

function finish(decision: Decision, samples: Set<string>, locations: Set<string>): Decision {
  const all = [...samples];
  const complete = all.filter((s) => s.length < SAMPLE_LIMIT);
  const done: Decision = {
    ...decision,
    samples: all,
    hashes: complete.map((s) => hashSource(s)),
    truncatedSamples: all.length - complete.length,
    locations: [...locations].sort(),
  };
  return { ...done, advice: adviceFor(done) };
}

function adviceFor(d: Decision): string {
  const what = d.directive === 'style-src' ? 'style' : 'script';
  switch (d.kind) {
    case 'inline': {
      const hashed =
        d.hashes.length > 0 ? ` ${d.hashes.length} complete sample(s) can be allowed by hash.` : '';
      const cut =
        d.truncatedSamples > 0
          ? ` ${d.truncatedSamples} sample(s) were cut off: hash those blocks with \`vigie-csp hash\`.`
          : '';
      return `Inline ${what} blocks ran ${d.count} time(s). Give them the response's nonce (the middleware can insert it) or allow them by hash; 'unsafe-inline' would allow injected ${what}s too.${hashed}${cut}`;
    }
    case 'inline-attribute':
      return what === 'script'
        ? `Inline event handlers (onclick=…) ran ${d.count} time(s). Move them to addEventListener in a script; otherwise allow their hashes with 'unsafe-hashes'.`
        : `style="…" attributes were used ${d.count} time(s). Move them to a stylesheet or class; otherwise allow their hashes with 'unsafe-hashes'.`;
    case 'eval':
      return `eval(), new Function() or a string timer ran ${d.count} time(s) in ${d.locations.join(', ')}. Replace it, or allow it with 'unsafe-eval' (which also helps an attacker who can inject strings).`;
    case 'scheme':
      return d.advice;
    case 'wasm-eval':
      return `WebAssembly was compiled ${d.count} time(s) in ${d.locations.join(', ')}. Allow it with 'wasm-unsafe-eval', which does not allow JavaScript eval.`;
  }
}
