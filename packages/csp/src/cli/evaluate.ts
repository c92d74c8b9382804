// `vigie-csp evaluate "<policy>"`: runs the evaluator and prints its findings, as text or as JSON.

import { evaluatePolicy } from '../evaluator/evaluate.ts';
import type { Finding } from '../evaluator/finding.ts';
import { reachesSeverity } from '../evaluator/finding.ts';
import { NONCE_PLACEHOLDER } from '../generator/nonce-placeholder.ts';
import type { CliIo } from './io.ts';
import { parseCommandArgs, readFailOn, UsageError } from './io.ts';

// A realistic 128-bit nonce stands in for the template placeholder, so a generated policy can be checked as sent.
const SAMPLE_NONCE = "'nonce-dmlnaWUtY3NwLXNhbXBsZQ=='";

function formatFinding(f: Finding): string {
  const where = [f.directive, f.value].filter((p) => p !== undefined && p !== '').join(' ');
  return `${f.severity.padEnd(6)} ${f.type}${where === '' ? '' : ` (${where})`}\n       ${f.description}`;
}

/**
 * Runs the command; resolves to the exit code: 1 when a finding reaches `--fail-on` (default high), else 0.
 *
 * @example
 * await runEvaluate(["script-src 'self' 'unsafe-inline'", '--json'], io); // 1 (a high finding), JSON on io.stdout
 */
export async function runEvaluate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('evaluate', args, {
    json: { type: 'boolean' },
    'reporting-endpoints': { type: 'string' },
    'fail-on': { type: 'string' },
  });
  const failOn = readFailOn(values['fail-on'], 'evaluate');
  if (positionals.length !== 1)
    throw new UsageError(
      'evaluate takes one policy, quoted: vigie-csp evaluate "default-src \'self\'"',
      'evaluate',
    );
  const policy = positionals[0]!.replaceAll(NONCE_PLACEHOLDER, SAMPLE_NONCE);
  const endpoints = values['reporting-endpoints'];
  const findings = evaluatePolicy(policy, endpoints === undefined ? {} : { reportingEndpoints: endpoints });
  if (values.json === true) {
    const rows = findings.map((f) => ({
      type: f.type,
      severity: f.severity,
      directive: f.directive,
      value: f.value ?? null,
      description: f.description,
    }));
    io.stdout(`${JSON.stringify({ findings: rows }, null, 2)}\n`);
  } else {
    io.stdout(findings.length === 0 ? 'No findings.\n' : `${findings.map(formatFinding).join('\n')}\n`);
  }
  return reachesSeverity(findings, failOn) ? 1 : 0;
}
