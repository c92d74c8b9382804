// A titled list of key/value pairs (user, tags, contexts, headers…), values as text.

export function KeyValues({ title, pairs }: { title: string; pairs: Array<[string, string]> }) {
  return (
    <div className="panel kv-panel">
      <h3>{title}</h3>
      <dl className="kv">
        {pairs.map(([key, value], i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: pairs may repeat a key (headers, tags)
          <div key={`${key}-${i}`} className="kv-row">
            <dt className="mono">{key}</dt>
            <dd className="mono">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
