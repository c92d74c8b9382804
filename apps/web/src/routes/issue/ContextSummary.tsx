// The event's runtime, operating system, browser and device at a glance: each as a card with its name
// and version, then what else the SDK said about it.

type Pairs = Array<[string, string]>;

const KINDS = [
  { name: 'browser', title: 'Browser' },
  { name: 'os', title: 'Operating system' },
  { name: 'runtime', title: 'Runtime' },
  { name: 'device', title: 'Device' },
] as const;

export const SUMMARIZED_CONTEXTS: ReadonlySet<string> = new Set(KINDS.map((k) => k.name));

/** The card's headline: name and version (a device's model or family), and the pairs left to list. */
export function contextHeadline(name: string, pairs: Pairs): { headline: string; rest: Pairs } {
  const get = (key: string) => pairs.find(([k]) => k === key)?.[1] ?? '';
  const used = name === 'device' ? ['model', 'family', 'name', 'type'] : ['name', 'version', 'type'];
  const headline =
    name === 'device'
      ? [get('model') || get('family') || get('name')].join('')
      : [get('name'), get('version')].filter((s) => s !== '').join(' ');
  return { headline, rest: pairs.filter(([k]) => !used.includes(k)) };
}

export function ContextSummary({ contexts }: { contexts: Array<[string, Pairs]> }) {
  const cards = KINDS.flatMap(({ name, title }) => {
    const pairs = contexts.find(([n]) => n === name)?.[1];
    if (!pairs || pairs.length === 0) return [];
    return [{ name, title, ...contextHeadline(name, pairs) }];
  });
  if (cards.length === 0) return null;
  return (
    <ul className="context-cards" aria-label="Where it happened">
      {cards.map((card) => (
        <li key={card.name} className="context-card">
          <span className="context-title muted small">{card.title}</span>
          <span className="context-headline">{card.headline || '—'}</span>
          {card.rest.length > 0 ? (
            <dl className="context-rest small">
              {card.rest.map(([k, v], i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: pairs may repeat a key
                <div key={`${k}-${i}`}>
                  <dt className="muted">{k}</dt>
                  <dd className="mono">{v}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
