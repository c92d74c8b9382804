// Copies a text to the clipboard and says so for a moment, beside the button, to sighted and
// screen-reader users alike. The button's own text stays "Copy" (plus, for screen readers, what it copies).

import { useEffect, useState } from 'react';

export function CopyButton({ text, what }: { text: string; what: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // No clipboard (plain http on another host, or permission refused): the text stays selectable.
      setState('failed');
    }
  };
  return (
    <span className="copy">
      <span role="status" className="copy-status small">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select it and copy' : ''}
      </span>
      <button type="button" className="button button-quiet button-small" onClick={copy}>
        Copy<span className="visually-hidden"> {what}</span>
      </button>
    </span>
  );
}
