// Says in one sentence why a request does not match its route's schema. AJV reports a union (TypeBox's
// Union, JSON Schema's anyOf) as every branch's complaint: "must be equal to constant" once per allowed
// value, or the missing fields of branches the value never meant. With the route's schema and the request's
// data at hand, each union is said as what it means: the values it allows, or, for objects told apart by a
// tag such as `kind`, the problems of the one branch the tag picks.

/** One AJV error, as Fastify hands them over in `error.validation`. */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface ValidationInput {
  /** What was validated, as Fastify names it: body, querystring, params or headers. */
  dataVar: string;
  /** The route's schema for that part of the request; unknown parts of it are read with care. */
  schema: unknown;
  /** The request's data for that part, as it was validated. */
  data: unknown;
}

type Issues = readonly ValidationIssue[];

/**
 * @example describeValidation(error.validation, { dataVar: 'body', schema, data: request.body })
 * // → 'body/status must be one of: resolved, unresolved, ignored, snoozed'
 */
export function describeValidation(issues: Issues, input: ValidationInput): string {
  return unique(topLevel(issues).map((issue) => describe(issue, issues, input))).join('; ');
}

/** The issues no anyOf reported as one of its branches' complaints. */
function topLevel(issues: Issues): ValidationIssue[] {
  return issues.filter((issue) => !issues.some((union) => isUnion(union) && owns(union, issue)));
}

function describe(issue: ValidationIssue, all: Issues, input: ValidationInput): string {
  return isUnion(issue) ? describeUnion(issue, all, input) : describeIssue(issue, input.dataVar);
}

function describeIssue(issue: ValidationIssue, dataVar: string): string {
  const where = `${dataVar}${issue.instancePath}`;
  if (issue.keyword === 'enum' && Array.isArray(issue.params.allowedValues)) {
    return `${where} must be one of: ${issue.params.allowedValues.map(show).join(', ')}`;
  }
  if (issue.keyword === 'const') return `${where} must be ${show(issue.params.allowedValue)}`;
  return `${where} ${issue.message ?? `fails "${issue.keyword}"`}`;
}

function describeUnion(union: ValidationIssue, all: Issues, input: ValidationInput): string {
  const where = `${input.dataVar}${union.instancePath}`;
  const branches = branchesOf(union, all);
  const schemas = at(input.schema, union.schemaPath);
  const alternatives = Array.isArray(schemas) ? (schemas as unknown[]) : undefined;

  const literals = alternatives ? literalsOf(alternatives) : constsOf(union, branches);
  if (literals) return `${where} must be one of: ${literals.map(show).join(', ')}`;

  const tag = alternatives && tagOf(alternatives);
  const object = record(valueAt(input.data, union.instancePath));
  if (tag && object) {
    const chosen = tag.values.indexOf(object[tag.key]);
    if (chosen === -1) return `${where}/${tag.key} must be one of: ${tag.values.map(show).join(', ')}`;
    const complaints = branches.get(String(chosen));
    if (complaints) return unique(complaints.map((issue) => describe(issue, all, input))).join('; ');
  }

  // Alternatives of another kind (a pattern or null, say): each branch's complaint, joined with "or".
  const said = unique(
    [...branches.values()].map((complaints) =>
      unique(complaints.map((issue) => describe(issue, all, input))).join('; '),
    ),
  );
  return said
    .map((text, i) => (i > 0 && text.startsWith(`${where} `) ? text.slice(where.length + 1) : text))
    .join(' or ');
}

/** Values allowed by a union whose every alternative is a literal (const, enum or null); else undefined. */
function literalsOf(alternatives: unknown[]): unknown[] | undefined {
  const values: unknown[] = [];
  for (const alternative of alternatives) {
    const schema = record(alternative);
    if (!schema) return undefined;
    if ('const' in schema) values.push(schema.const);
    else if (Array.isArray(schema.enum)) values.push(...schema.enum);
    else if (schema.type === 'null') values.push(null);
    else return undefined;
  }
  return values;
}

/** Without the schema: the values of a union whose branches each failed one `const` on the value itself. */
function constsOf(union: ValidationIssue, branches: Map<string, ValidationIssue[]>): unknown[] | undefined {
  const complaints = [...branches.values()];
  const literal = (c: ValidationIssue[]) =>
    c.length === 1 && c[0]?.keyword === 'const' && c[0].instancePath === union.instancePath;
  return complaints.length > 0 && complaints.every(literal)
    ? complaints.map((c) => c[0]?.params.allowedValue)
    : undefined;
}

/** The property whose constant value tells a union of objects apart (`type`, `kind`…), with each branch's value. */
function tagOf(alternatives: unknown[]): { key: string; values: unknown[] } | undefined {
  const properties = alternatives.map((a) => record(record(a)?.properties));
  const first = properties[0];
  if (!first) return undefined;
  for (const key of Object.keys(first)) {
    const values = properties.map((p) => {
      const property = record(p?.[key]);
      return property && 'const' in property ? property.const : undefined;
    });
    if (values.every((v) => v !== undefined) && new Set(values).size === values.length)
      return { key, values };
  }
  return undefined;
}

/** The complaints of each branch of `union`, by branch index; a nested union stands for its own branches. */
function branchesOf(union: ValidationIssue, all: Issues): Map<string, ValidationIssue[]> {
  const branches = new Map<string, ValidationIssue[]>();
  for (const issue of all) {
    if (!owns(union, issue)) continue;
    // Only the complaints no nested union owns; the nested union itself speaks for the rest.
    if (all.some((inner) => inner !== union && isUnion(inner) && owns(union, inner) && owns(inner, issue)))
      continue;
    const index = issue.schemaPath.slice(union.schemaPath.length + 1).split('/')[0] ?? '';
    branches.set(index, [...(branches.get(index) ?? []), issue]);
  }
  return branches;
}

function isUnion(issue: ValidationIssue): boolean {
  return issue.keyword === 'anyOf';
}

function owns(union: ValidationIssue, issue: ValidationIssue): boolean {
  return issue !== union && issue.schemaPath.startsWith(`${union.schemaPath}/`);
}

/** The node a JSON pointer (`#/properties/status/anyOf`, `/status`) names under `root`; undefined when absent. */
function at(root: unknown, pointer: string): unknown {
  const segments = pointer.replace(/^#/, '').split('/').slice(1);
  let node = root;
  for (const segment of segments) {
    const key = decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function valueAt(data: unknown, instancePath: string): unknown {
  return instancePath === '' ? data : at(data, instancePath);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function unique(texts: string[]): string[] {
  return [...new Set(texts)];
}
