// `vigie-csp generate --from reports.json`: builds an allowlist (or strict) policy from violation reports and
// prints it in the chosen format; decisions about inline code and eval go to stderr.

import { readFile } from 'node:fs/promises';
import { EMIT_FORMATS, emitPolicy, isEmitFormat } from '../emit/format.ts';
import type { GeneratedPolicy } from '../generator/allowlist.ts';
import { generatePolicy } from '../generator/allowlist.ts';
import { observationsFromReports, readReportsText } from '../generator/observation.ts';
import { generateStrictPolicy } from '../generator/strict.ts';
import { serializePolicy } from '../policy/serialize.ts';
import type { CliIo } from './io.ts';
import { parseCommandArgs, UsageError } from './io.ts';

function describeDecisions(result: GeneratedPolicy): string {
  const lines: string[] = [];
  for (const d of result.decisions) {
    lines.push(`- ${d.directive} ${d.kind} (${d.count}×), options: ${d.options.join(', ')}`, `  ${d.advice}`);
    for (const sample of d.samples.slice(0, 3)) lines.push(`  sample: ${JSON.stringify(sample)}`);
  }
  for (const i of result.ignored) lines.push(`- ignored ${i.blockedUri} (${i.count}×): ${i.reason}`);
  for (const note of result.notes) lines.push(`- ${note}`);
  return lines.length === 0 ? '' : `Decisions and notes:\n${lines.join('\n')}\n`;
}

function readEvidence(values: Record<string, unknown>): {
  minReports?: number;
  minPages?: number;
  minDays?: number;
} {
  const evidence: { minReports?: number; minPages?: number; minDays?: number } = {};
  for (const [flag, key] of [
    ['min-reports', 'minReports'],
    ['min-pages', 'minPages'],
    ['min-days', 'minDays'],
  ] as const) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new UsageError(`--${flag} must be a whole number ≥ 1, not "${String(raw)}"`, 'generate');
    evidence[key] = value;
  }
  return evidence;
}

/**
 * Runs the command; resolves to the exit code.
 *
 * @example
 * await runGenerate(['--from', 'reports.json', '--strict', '--format', 'helmet'], io);
 */
export async function runGenerate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('generate', args, {
    from: { type: 'string' },
    strict: { type: 'boolean' },
    format: { type: 'string' },
    origin: { type: 'string' },
    base: { type: 'string' },
    'report-only': { type: 'boolean' },
    json: { type: 'boolean' },
    'min-reports': { type: 'string' },
    'min-pages': { type: 'string' },
    'min-days': { type: 'string' },
    'allow-in-scripts': { type: 'string', multiple: true },
    'strict-input': { type: 'boolean' },
  });
  if (values.from === undefined) throw new UsageError('generate needs --from <reports.json>', 'generate');
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'generate');
  const format = values.format ?? 'header';
  if (!isEmitFormat(format))
    throw new UsageError(`--format must be one of ${EMIT_FORMATS.join(', ')}`, 'generate');
  if (values.origin !== undefined && !URL.canParse(values.origin))
    throw new UsageError(`--origin "${values.origin}" is not a URL`, 'generate');
  const evidence = readEvidence(values);
  const text = values.from === '-' ? await io.readStdin() : await readFile(values.from, 'utf8');
  const { reports, badLines } = readReportsText(text);
  if (badLines.length > 0) {
    const list = badLines
      .slice(0, 5)
      .map((b) => `  line ${b.line}: ${b.text}`)
      .join('\n');
    const more = badLines.length > 5 ? `\n  … and ${badLines.length - 5} more` : '';
    const lines = `${badLines.length} line${badLines.length === 1 ? '' : 's'} of ${values.from} ${badLines.length === 1 ? 'is' : 'are'} not JSON`;
    if (values['strict-input'] === true) {
      io.stderr(`${lines}; refusing the file (--strict-input):\n${list}${more}\n`);
      return 1;
    }
    io.stderr(`Skipped ${lines} (cut off?):\n${list}${more}\n`);
  }
  const observations = observationsFromReports(reports);
  if (observations.length === 0) {
    io.stderr(`No CSP violation reports found in ${values.from}.\n`);
    return 1;
  }
  const options = {
    ...(values.origin === undefined ? {} : { pageOrigin: new URL(values.origin).origin }),
    ...(values.base === undefined ? {} : { base: values.base }),
    ...evidence,
    ...(values['allow-in-scripts'] === undefined ? {} : { allowInScripts: values['allow-in-scripts'] }),
  };
  const result =
    values.strict === true
      ? generateStrictPolicy(observations, options)
      : generatePolicy(observations, options);
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ ...result, policy: serializePolicy(result.policy) }, null, 2)}\n`);
    return 0;
  }
  io.stdout(`${emitPolicy(result.policy, format, { reportOnly: values['report-only'] === true })}\n`);
  const notes = describeDecisions(result);
  if (notes !== '') io.stderr(notes);
  return 0;
}
