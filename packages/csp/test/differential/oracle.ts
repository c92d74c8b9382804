// Runs Google's CSP Evaluator (a dev dependency, used only as the oracle of the differential test) with every check
// it has: the default checks, the strict-CSP checks and the reporting check from its Lighthouse set.

import securityChecks from 'csp_evaluator/dist/checks/security_checks.js';
import evaluatorModule from 'csp_evaluator/dist/evaluator.js';
import findingModule from 'csp_evaluator/dist/finding.js';
import parserModule from 'csp_evaluator/dist/parser.js';

/** One oracle finding, with its type as the enum's name (e.g. `SCRIPT_UNSAFE_INLINE`). */
export interface OracleFinding {
  type: string;
  severity: number;
  directive: string;
  value?: string;
}

/** Google's findings for one policy. */
export function oracleFindings(policy: string): OracleFinding[] {
  const parsed = new parserModule.CspParser(policy).csp;
  const checks = [...evaluatorModule.STRICTCSP_CHECKS, securityChecks.checkHasConfiguredReporting];
  const findings = new evaluatorModule.CspEvaluator(parsed).evaluate(checks);
  return findings.map((f) => {
    const finding: OracleFinding = {
      type: findingModule.Type[f.type],
      severity: f.severity,
      directive: f.directive,
    };
    if (f.value !== undefined) finding.value = f.value;
    return finding;
  });
}
