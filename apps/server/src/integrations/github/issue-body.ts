// The GitHub issue Vigie files for one of its issues: the title, and a Markdown body with the error,
// the culprit, the top in-app frames, the counts and a link back. Pure: data in, text out.
// Everything that came from an event goes inside code spans or fenced blocks, so an error message can
// neither @mention people nor inject links or markup into the team's tracker.

import type { ExceptionInfo, NormalizedEvent, StackFrame } from '../../grouping/event.ts';

export interface IssueFacts {
  issueId: number;
  title: string;
  culprit: string | null;
  level: string;
  events: number;
  users: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Releases the issue was seen in, oldest first (at most a few), and how many there are. */
  releases: string[];
  releaseCount: number;
  /** The issue's latest event, for the error and the stack trace. */
  event: NormalizedEvent | null;
  /** The issue in Vigie's dashboard. */
  link: string;
}

export const TOP_FRAMES = 5;
/** GitHub refuses titles past 256 characters and bodies past 65,536. */
const TITLE_MAX = 256;
const VALUE_MAX = 4000;

/** Where the dashboard shows an issue: `<VIGIE_PUBLIC_URL>/issues/<id>`. */
export const issueLink = (publicUrl: string, issueId: number) => `${publicUrl}/issues/${issueId}`;

export function renderGithubIssue(facts: IssueFacts): { title: string; body: string } {
  const title = facts.title.length > TITLE_MAX ? `${facts.title.slice(0, TITLE_MAX - 1)}…` : facts.title;
  const sections = [
    '### Error',
    fenced(errorLine(facts.event, facts.title)),
    facts.culprit ? `**Culprit:** ${code(facts.culprit)}` : '',
    ...framesSection(facts.event),
    '### Counts',
    countsList(facts),
    `[View issue ${facts.issueId} in Vigie](${facts.link})`,
  ];
  return { title, body: sections.filter((s) => s !== '').join('\n\n') };
}

/** `Type: value` of the exception the title was made from, else the message, else the title. */
function errorLine(event: NormalizedEvent | null, title: string): string {
  const exception = event?.exceptions.at(-1);
  const text = exception
    ? [exception.type, exception.value].filter((p) => p !== null && p !== '').join(': ')
    : (event?.message ?? '');
  const line = text === '' ? title : text;
  return line.length > VALUE_MAX ? `${line.slice(0, VALUE_MAX)}…` : line;
}

/** The most recent in-app frames first, from the exception the title names (or the nearest with any). */
export function topInAppFrames(event: NormalizedEvent | null, limit = TOP_FRAMES): StackFrame[] {
  const exceptions: ExceptionInfo[] = [...(event?.exceptions ?? [])].reverse();
  for (const exception of exceptions) {
    const inApp = exception.frames.filter((f) => f.inApp === true);
    if (inApp.length > 0) return inApp.slice(-limit).reverse();
  }
  return [];
}

function framesSection(event: NormalizedEvent | null): string[] {
  const frames = topInAppFrames(event);
  if (frames.length === 0) return [];
  const lines = frames.flatMap((f) => {
    const where = [f.filename ?? f.absPath ?? f.module ?? '<unknown>', f.lineno, f.colno]
      .filter((p) => p !== null)
      .join(':');
    const head = `${where} in ${f.function ?? '<anonymous>'}`;
    return f.contextLine ? [head, `    ${f.contextLine.trim()}`] : [head];
  });
  return ['### Stack trace (in-app frames, most recent call first)', fenced(lines.join('\n'))];
}

function countsList(facts: IssueFacts): string {
  const more = facts.releaseCount - facts.releases.length;
  const releases =
    facts.releases.length === 0
      ? 'none'
      : facts.releases.map(code).join(', ') + (more > 0 ? ` and ${more} more` : '');
  return [
    `- **Events:** ${facts.events}`,
    `- **Users:** ${facts.users}`,
    `- **First seen:** ${new Date(facts.firstSeenMs).toISOString()}`,
    `- **Last seen:** ${new Date(facts.lastSeenMs).toISOString()}`,
    `- **Level:** ${code(facts.level)}`,
    `- **Releases:** ${releases}`,
  ].join('\n');
}

/** A fenced block whose fence is longer than any run of backticks in the text. */
function fenced(text: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}text\n${text}\n${fence}`;
}

/** An inline code span that survives backticks in the value. */
function code(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  const ticks = '`'.repeat(longestBacktickRun(oneLine) + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${oneLine}${pad}${ticks}`;
}

const longestBacktickRun = (text: string) =>
  Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
