// E-mail through SMTP with nodemailer, configured by VIGIE_SMTP_URL and VIGIE_SMTP_FROM. The delivery's id
// is the Message-ID, so a retried message is recognisably the same one.

import nodemailer from 'nodemailer';
import {
  type AlertMessage,
  type Channel,
  type ChannelTarget,
  clip,
  type DeliveryResult,
  type SendContext,
} from './channel.ts';

export interface SmtpSettings {
  readonly url: string;
  readonly from: string;
}

/** The plain-text body: every fact on its own line, then the link. */
export function emailText(message: AlertMessage): string {
  const facts: [string, string | null][] = [
    ['Project', message.projectName],
    ['Rule', message.ruleName],
    ['Culprit', message.culprit],
    ['Level', message.level],
    ['Environment', message.environment],
    ['Release', message.release],
    ['Events', message.counts ? String(message.counts.events) : null],
    ['Users', message.counts ? String(message.counts.users) : null],
  ];
  const lines = [message.title, '', message.why, ''];
  for (const [name, value] of facts) if (value) lines.push(`${name}: ${value}`);
  for (const item of message.items ?? []) lines.push(`- ${item.title}: ${item.why}\n  ${item.url}`);
  lines.push('', message.url);
  return lines.join('\n');
}

const SUBJECT_PREFIX: Record<AlertMessage['kind'], string> = {
  trigger: '',
  resolve: 'Resolved: ',
  test: 'Test alert: ',
  digest: '',
  escalation: 'Support asks: ',
  weekly: '',
};

/** Permanent: the server refused the message or a recipient for good (5xx SMTP replies). */
function smtpResult(error: unknown): DeliveryResult {
  const code = (error as { responseCode?: number }).responseCode;
  const text = error instanceof Error ? error.message : String(error);
  if (code !== undefined && code >= 500) return { outcome: 'permanent', status: code, error: text };
  return { outcome: 'retry', ...(code === undefined ? {} : { status: code }), error: text };
}

/** nodemailer reads options from the URL's query: bound each step, as a hung SMTP server would hold a delivery. */
function withTimeouts(url: string): string {
  const parsed = new URL(url);
  for (const [name, ms] of [
    ['connectionTimeout', 10_000],
    ['greetingTimeout', 10_000],
    ['socketTimeout', 20_000],
  ] as const) {
    if (!parsed.searchParams.has(name)) parsed.searchParams.set(name, String(ms));
  }
  return parsed.toString();
}

export function emailChannel(smtp: SmtpSettings | undefined): Channel {
  const transport = smtp ? nodemailer.createTransport(withTimeouts(smtp.url)) : undefined;
  return {
    kind: 'email',
    async send(message: AlertMessage, target: ChannelTarget, context: SendContext): Promise<DeliveryResult> {
      if (!transport || !smtp)
        return { outcome: 'permanent', error: 'e-mail is not configured (VIGIE_SMTP_URL)' };
      try {
        await transport.sendMail({
          from: smtp.from,
          to: [...(message.recipients ?? target.to ?? [])],
          subject: clip(`[${message.projectName}] ${SUBJECT_PREFIX[message.kind]}${message.title}`, 200),
          text: emailText(message),
          messageId: `<${context.messageId}@vigie>`,
        });
        return { outcome: 'delivered' };
      } catch (error) {
        return smtpResult(error);
      }
    },
  };
}
