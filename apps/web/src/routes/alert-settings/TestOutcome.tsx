// What a test alert did, channel by channel, as the answer to "Send a test" says it.

import type { Alert } from '../alerts/alerts-queries.ts';
import { deliveryWords } from './delivery-words.ts';

export function TestOutcome({ alert }: { alert: Alert }) {
  const allDelivered = alert.deliveries.every((d) => d.status === 'delivered');
  return (
    <div role="status" className={`notice small ${allDelivered ? 'notice-ok' : 'notice-error'}`}>
      <p>{allDelivered ? 'Test alert delivered.' : 'The test alert did not get through.'}</p>
      <ul className="plain-list">
        {alert.deliveries.map((d) => (
          <li key={d.id}>{deliveryWords(d)}</li>
        ))}
      </ul>
    </div>
  );
}
