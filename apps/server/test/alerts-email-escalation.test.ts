// E-mail alerts through a real SMTP peer (smtp-server, in the test); support's "Ask the team": the note
// reaches the escalation channel with the customer, their latest errors and links, and is recorded in the
// issue's activity and, by the customer, in the alert history; and the weekly digest to whoever is on duty.

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIsoWeek, weekOf, weekStartMs } from '../src/rotation/weeks.ts';
import { type StandIns, startStandIns } from './alert-standins.ts';
import { addUser } from './auth-fixtures.ts';
import { issueKit } from './issue-kit.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent } from './support/events.ts';

interface Mail {
  from: string;
  to: string[];
  data: string;
}

/** The message as a person reads it: quoted-printable soft line breaks and escapes undone. */
const readable = (mail: Mail) =>
  mail.data
    .replaceAll('=\r\n', '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

async function startSmtp(): Promise<{ port: number; mails: Mail[]; close: () => Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(testDialects)('e-mail and escalation on %s', (dialect) => {
  let vigie: RunningVigie;
  let stand: StandIns;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const kit = issueKit(() => vigie);
  const base = () => `/api/v1/projects/${vigie.projectId}`;

  beforeAll(async () => {
    stand = await startStandIns();
    smtp = await startSmtp();
    vigie = await startVigie(dialect, {
      VIGIE_ALLOW_PRIVATE_WEBHOOKS: 'true',
      VIGIE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      VIGIE_SMTP_FROM: 'Vigie <alerts@vigie.test>',
      ...(dialect === 'postgres' ? { VIGIE_SECRET_KEY: randomBytes(32).toString('hex') } : {}),
    });
  });
  afterAll(async () => {
    await vigie?.stop();
    await stand?.close();
    await smtp?.close();
  });

  it("e-mails a test alert to the channel's recipients through the SMTP server", async () => {
    const channel = await kit.call('POST', `${base()}/alert-channels`, {
      kind: 'email',
      name: 'On-call mail',
      to: ['oncall@example.com', 'lead@example.com'],
    });
    expect(channel.status).toBe(201);
    expect(channel.body.target).toBe('oncall@example.com, lead@example.com');
    const test = await kit.call('POST', `${base()}/alert-channels/${channel.body.id}/test`);
    expect(test.body).toMatchObject({ deliveries: [{ status: 'delivered' }] });
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail!.from).toBe('alerts@vigie.test');
    expect(mail!.to).toEqual(['oncall@example.com', 'lead@example.com']);
    expect(mail!.data).toContain('Subject: [Default] Test alert: Test alert from Default');
    expect(mail!.data).toMatch(/Message-ID: <msg_\d+_\d+@vigie>/i);
    expect(readable(mail!)).toContain('if you read this, the channel works');
  });

  it('posts "Ask the team" to the escalation channel with the customer\'s errors, and records it', async () => {
    const slack = await kit.call('POST', `${base()}/alert-channels`, {
      kind: 'slack',
      name: '#support',
      url: stand.slackUrl,
    });
    const refused = await kit.call('POST', `${base()}/escalations`, {
      note: 'Anyone?',
      customer: 'id:cust-42',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('no_escalation_channel');
    const settings = await kit.call('PUT', `${base()}/alert-settings`, {
      falsePagesPerDay: 0.5,
      escalationChannelId: slack.body.id,
    });
    expect(settings.status).toBe(200);
    expect(settings.body).toEqual({
      falsePagesPerDay: 0.5,
      escalationChannelId: slack.body.id,
      weeklyDigest: { channelId: null, time: '09:00' },
    });

    const key = new URL(vigie.dsn).username;
    await kit.send(vigie.projectId, key, [
      errorEvent({ value: 'cart vanished', fn: 'loadCart', userId: 'cust-42' }),
    ]);
    const issue = await kit.issueNamed('cart vanished');
    const before = stand.to('slack').length;
    const asked = await kit.call('POST', `${base()}/escalations`, {
      note: 'Customer says the cart empties at checkout',
      customer: 'id:cust-42',
      issueId: issue.id,
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ kind: 'escalation', deliveries: [{ status: 'delivered' }] });
    const [posted] = stand.to('slack').slice(before);
    expect(posted!.problems).toEqual([]);
    const text = JSON.stringify(posted!.body);
    expect(posted!.body.blocks[0].text.text).toMatch(/^Support asks: id:cust-42 · TypeError: cart vanished/);
    expect(text).toContain('Customer says the cart empties at checkout');
    expect(text).toContain(`/issues/${issue.id}`);

    const activity = await kit.call('GET', `/api/v1/issues/${issue.id}/activity`);
    const entries = (activity.body.activity ?? activity.body.entries ?? activity.body.items) as {
      kind: string;
      data: Record<string, unknown>;
    }[];
    expect(entries.find((e) => e.kind === 'escalation')?.data).toMatchObject({
      note: 'Customer says the cart empties at checkout',
      customer: 'id:cust-42',
    });
    const history = await kit.call('GET', `${base()}/alerts?customer=id:cust-42`);
    expect((history.body.alerts as { why: string }[]).map((a) => a.why)).toEqual([
      'an API token: Customer says the cart empties at checkout',
    ]);
  });

  it('e-mails the weekly digest on Monday at the set time to the developer on duty, once', async () => {
    const dev = await addUser(vigie.app.vigie.database, {
      email: 'dev@example.com',
      role: 'member',
      projectId: vigie.projectId,
    });
    expect((await kit.call('PUT', `${base()}/rotation`, { userIds: [dev.id] })).status).toBe(200);
    const channels = (await kit.call('GET', `${base()}/alert-channels`)).body.channels as {
      id: number;
      kind: string;
    }[];
    const email = channels.find((c) => c.kind === 'email')!;
    const current = (await kit.call('GET', `${base()}/alert-settings`)).body;
    const put = await kit.call('PUT', `${base()}/alert-settings`, {
      ...current,
      weeklyDigest: { channelId: email.id, time: '08:30' },
    });
    expect(put.body.weeklyDigest).toEqual({ channelId: email.id, time: '08:30' });

    const week = weekOf(Date.now());
    const monday = weekStartMs(week);
    const before = smtp.mails.length;
    await vigie.app.vigie.jobs.runNow('alert-delivery', monday + 8 * 3_600_000 + 20 * 60_000);
    expect(smtp.mails.length).toBe(before);
    await vigie.app.vigie.jobs.runNow('alert-delivery', monday + 8 * 3_600_000 + 31 * 60_000);
    await vigie.app.vigie.jobs.runNow('alert-delivery', monday + 8 * 3_600_000 + 40 * 60_000);
    const sent = smtp.mails.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toEqual(['dev@example.com']);
    expect(sent[0]!.data).toContain(
      `Subject: [Default] Triage week ${formatIsoWeek(week)}: 1 issues in the inbox`,
    );
    const text = readable(sent[0]!);
    expect(text).toContain('dev (dev@example.com) is on triage duty.');
    expect(text).toContain('Inbox: 1 new, 0 regressed, 0 back from snooze, 0 escalating.');
    expect(text).toContain(`Last week (${formatIsoWeek(week - 1)}): 0 issues dispatched`);
    expect(text).toContain('cart vanished');
  });
});
