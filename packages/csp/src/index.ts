// @vigie/csp: the public entry. The policy model, parser and evaluator; the generator, emitters, hash manifest,
// middleware (node:http, Express, Fastify) and header scanner. Everything else in src/ is internal.

export { toCaddy } from './emit/caddy.ts';
export type { EmitFormat } from './emit/format.ts';
export { EMIT_FORMATS, emitPolicy, isEmitFormat } from './emit/format.ts';
// Emitters.
export type { EmitOptions } from './emit/header.ts';
export { cspHeaderName, formatHeader, toHeader } from './emit/header.ts';
export type { HelmetCspConfig, HelmetDynamicSource } from './emit/helmet.ts';
export { formatHelmetConfig, toHelmetConfig } from './emit/helmet.ts';
export { IGNORED_IN_META, toMetaTag } from './emit/meta.ts';
export { toNginx } from './emit/nginx.ts';
export { toSecureHeaders } from './emit/secure-headers.ts';
export { evaluatePolicy } from './evaluator/evaluate.ts';
// Evaluator (finding types: src/evaluator/FINDINGS.md).
export type { EvaluationContext, FailOn, Finding, Severity } from './evaluator/finding.ts';
export { reachesSeverity, SEVERITY_ORDER } from './evaluator/finding.ts';
export type { GeneratedPolicy, GenerateOptions, IgnoredReport, SourceUse } from './generator/allowlist.ts';
export { DEFAULT_BASE, generatePolicy, mostCommonOrigin } from './generator/allowlist.ts';
export type { CollapsedSource } from './generator/collapse.ts';
export { collapseBlockedUri, originOf } from './generator/collapse.ts';
export type { Decision, DecisionKind, DecisionOption } from './generator/decisions.ts';
export { collectDecisions, generalDirective, SAMPLE_LIMIT } from './generator/decisions.ts';
export type { PolicyChange } from './generator/diff.ts';
export { diffPolicies, explainChange, explainDiff } from './generator/diff.ts';
export type { PolicyInput } from './generator/edit.ts';
export { addSources, replaceDirectives, toPolicy, valuesOf } from './generator/edit.ts';
export type { MergedPolicy } from './generator/merge.ts';
export { mergePolicies } from './generator/merge.ts';
export { fillNonce, hasNoncePlaceholder, NONCE_PLACEHOLDER } from './generator/nonce-placeholder.ts';
// Generator: reports in, allowlist or strict policy out; diff and merge.
export type { BadLine, Observation } from './generator/observation.ts';
export {
  observationFromReport,
  observationsFromReports,
  parseReportsText,
  readReportsText,
} from './generator/observation.ts';
export type { Evidence } from './generator/screen.ts';
export { DEFAULT_EVIDENCE, screenObservations } from './generator/screen.ts';
export type { StrictOptions } from './generator/strict.ts';
export { generateStrictPolicy } from './generator/strict.ts';
// Hashes of inline blocks and files.
export { digest, hashSource } from './hash/digest.ts';
export type { InlineBlock } from './hash/inline.ts';
export { findInlineBlocks } from './hash/inline.ts';
export type { HashInput, HashManifest, HashSources } from './hash/manifest.ts';
export { buildHashManifest, hashFile, isHashableFile, readHashManifest } from './hash/manifest.ts';
export { CspConfigError } from './middleware/config-error.ts';
export type { CspCore, CspResponse } from './middleware/core.ts';
export { createCspCore } from './middleware/core.ts';
export type { DirectivesInput, PolicyConfig } from './middleware/directives-input.ts';
export { cspExpress } from './middleware/express.ts';
export type { CspFastifyPlugin } from './middleware/fastify.ts';
export { cspFastify } from './middleware/fastify.ts';
export type { ResponseCspState } from './middleware/headers.ts';
export { cspHeaders } from './middleware/headers.ts';
export { insertNonce, NonceInserter } from './middleware/html-nonce.ts';
export type {
  LivePolicy,
  LivePolicyOptions,
  LivePolicyStatus,
  LivePolicyVersion,
} from './middleware/live-policy.ts';
export type { NodeCspHandler } from './middleware/node.ts';
export { cspNode, cspOf } from './middleware/node.ts';
export { createNonce } from './middleware/nonce.ts';
// Middleware.
export type { CompiledCsp, CspOptions, CspRoute } from './middleware/options.ts';
export { compileCspOptions } from './middleware/options.ts';
export type { DirectiveKind } from './policy/directives.ts';
export {
  DEPRECATED_DIRECTIVES,
  directiveKind,
  FETCH_DIRECTIVES,
  isKnownDirective,
  takesSourceList,
} from './policy/directives.ts';
export { effectiveDirective, fallbackList, fallsBackToDefault } from './policy/fallback.ts';
export type { Resource } from './policy/match.ts';
export { allowsAllInline, isAllowed, isAllowedByAll } from './policy/match.ts';
// Policy model, parsing, serialization, fallback and matching.
export type { Directive, ParseProblem, Policy } from './policy/model.ts';
export { getDirective, hasDirective } from './policy/model.ts';
export type { ParsedPolicy, ParseOptions } from './policy/parse.ts';
export {
  MAX_POLICY_LENGTH,
  PolicyTooLargeError,
  parseMetaPolicy,
  parsePolicy,
  parsePolicyHeader,
} from './policy/parse.ts';
export { serializePolicy, serializePolicyList } from './policy/serialize.ts';
export type { HashAlgorithm, SourceExpression } from './policy/source.ts';
export { isHash, isKeyword, isNonce, KEYWORDS, parseSourceExpression } from './policy/source.ts';
export { validatePolicy } from './policy/validate.ts';
export type { Violation } from './policy/violation.ts';
export { readViolation, wouldAllow } from './policy/violation.ts';

// Security headers scanner.
export type { CheckStatus, HeaderCheck } from './scan/checks.ts';
export type { Grade, HeaderGrade } from './scan/grade.ts';
export { gradeHeaders } from './scan/grade.ts';
export type { HeaderInput } from './scan/headers.ts';
export { formatScanReport } from './scan/report.ts';
export type { ScanOptions, ScanResult } from './scan/scan.ts';
export { scanHeaders } from './scan/scan.ts';
