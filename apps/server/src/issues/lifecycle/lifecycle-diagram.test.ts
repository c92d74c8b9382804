import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIFECYCLE_NODES, TRIAGE_ACTION_TYPES, TRIAGE_TABLE } from './lifecycle.ts';
import {
  LIFECYCLE_DOC_PATH,
  renderGeneratedPart,
  renderLifecycleMermaid,
  withGeneratedPart,
} from './lifecycle-diagram.ts';

const UNRESOLVED = ['new', 'ongoing', 'regressed', 'escalating'];

/** The edges drawn, with the composite `unresolved` expanded to its four substatuses. */
function drawnEdges(mermaid: string): Set<string> {
  const edges = new Set<string>();
  for (const match of mermaid.matchAll(/^\s*(\S+) --> (\S+) : (.+)$/gm)) {
    const [, from, to, label] = match;
    for (const node of from === 'unresolved' ? UNRESOLVED : [from!]) edges.add(`${node} -${label}-> ${to}`);
  }
  return edges;
}

describe('docs/issue-lifecycle.md', () => {
  it('holds the diagram and table generated from the current transition tables', () => {
    const committed = readFileSync(LIFECYCLE_DOC_PATH, 'utf8');
    // On failure: node apps/server/src/issues/lifecycle/lifecycle-diagram.ts
    expect(committed).toContain(renderGeneratedPart());
    expect(withGeneratedPart(committed)).toBe(committed);
  });
});

describe('the Mermaid diagram', () => {
  const mermaid = renderLifecycleMermaid();
  const edges = drawnEdges(mermaid);

  it('draws every legal triage action and no illegal one', () => {
    for (const from of LIFECYCLE_NODES) {
      for (const action of TRIAGE_ACTION_TYPES) {
        const to = TRIAGE_TABLE[from][action];
        const drawn = [...edges].filter((e) => e.startsWith(`${from} -${action}-> `));
        expect(drawn, `${from} ${action}`).toEqual(to === null ? [] : [`${from} -${action}-> ${to}`]);
      }
    }
  });

  it('draws the event and tick transitions the issue asks for', () => {
    expect(edges).toContain('resolved -event / regressed-> regressed');
    expect(edges).toContain('snoozed -event, tick / snooze_until_passed-> ongoing');
    expect(edges).toContain('snoozed -event / snooze_events_reached-> ongoing');
    expect(edges).toContain('snoozed -event / snooze_users_reached-> ongoing');
    expect(edges).toContain('snoozed -tick / snooze_escalated-> escalating');
    expect(edges).toContain('ongoing -tick / escalated-> escalating');
    expect(edges).toContain('new -tick / aged_to_ongoing-> ongoing');
  });

  it('keeps substatus changes inside the unresolved state and starts issues as new', () => {
    const composite = /state unresolved \{\n([\s\S]*?)\n {4}\}/.exec(mermaid)?.[1] ?? '';
    expect(composite).toContain('[*] --> new');
    expect(composite).toContain('new --> ongoing : review');
    expect(composite).not.toContain('resolved');
    expect(mermaid.startsWith('stateDiagram-v2\n    [*] --> unresolved : first event')).toBe(true);
  });

  it('uses no character that ends a Mermaid transition label early', () => {
    expect(mermaid).not.toMatch(/[#;]/);
  });
});

describe('replacing the generated part', () => {
  it('keeps the hand-written text around it', () => {
    const doc = readFileSync(LIFECYCLE_DOC_PATH, 'utf8');
    const [begin] = renderGeneratedPart().split('\n');
    const stale = doc.replace(renderGeneratedPart(), `${begin}\nstale\n<!-- end of generated part -->`);
    expect(stale).not.toBe(doc);
    expect(withGeneratedPart(stale)).toBe(doc);
  });

  it('refuses a document without the markers', () => {
    expect(() => withGeneratedPart('# Issue lifecycle\n')).toThrow(/markers/);
  });
});
