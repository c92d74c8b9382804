// `vigie-csp generate --from reports.json`: builds an allowlist (or strict) policy from violation reports and
// prints it in the chosen format; decisions about inline code and eval go to stderr.

import { readFile } from 'node:fs/promises';
import { EMIT_FORMATS, emitPolicy, isEmitFormat } from '../emit/format.ts';
import type { GeneratedPolicy } from '../generator/allowlist.ts';
import { generatePolicy } from '../generator/allowlist.ts';
import { observationsFromReports, parseReportsText } from '../generator/observation.ts';
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
  });
  if (values.from === undefined) throw new UsageError('generate needs --from <reports.json>', 'generate');
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'generate');
  const format = values.format ?? 'header';
  if (!isEmitFormat(format))
    throw new UsageError(`--format must be one of ${EMIT_FORMATS.join(', ')}`, 'generate');
  if (values.origin !== undefined && !URL.canParse(values.origin))
    throw new UsageError(`--origin "${values.origin}" is not a URL`, 'generate');
  const text = values.from === '-' ? await io.readStdin() : await readFile(values.from, 'utf8');
  const observations = observationsFromReports(parseReportsText(text));
  if (observations.length === 0) {
    io.stderr(`No CSP violation reports found in ${values.from}.\n`);
    return 1;
  }
  const options = {
    ...(values.origin === undefined ? {} : { pageOrigin: new URL(values.origin).origin }),
    ...(values.base === undefined ? {} : { base: values.base }),
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
