// An issue's state as a badge of plain words (issue-words.ts).

import type { CustomerIssue } from './customer-queries.ts';
import { issueWords } from './issue-words.ts';

type State = Parameters<typeof issueWords>[0];

export function IssueStatus({ issue }: { issue: State | CustomerIssue }) {
  const words = issueWords(issue);
  return <span className={`badge status-words status-words-${words.tone}`}>{words.text}</span>;
}
