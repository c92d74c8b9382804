// The benchmark's baseline: a bare node:http server that reads the body, parses the envelope and
// its event items, and answers 200 — what ingest costs before normalizing, grouping and storing.

import { createServer } from 'node:http';
import { parseEnvelope } from '../src/ingest/envelope.ts';

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const envelope = parseEnvelope(Buffer.concat(chunks));
    let id: unknown = envelope.headers.event_id;
    for (const item of envelope.items) {
      if (item.type === 'event')
        id = (JSON.parse(item.payload.toString('utf8')) as { event_id?: string }).event_id;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id }));
  });
});
server.keepAliveTimeout = 75_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
