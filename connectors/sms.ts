import type { Logger } from '../engine/logger.js';
import type { SmsTransport } from '../engine/notifications/transports.js';
import { writeToOutbox } from './outbox.js';

export interface SmsConnector extends SmsTransport {
  readonly mode: 'http' | 'outbox';
}

export interface SmsConfig {
  apiUrl?: string;
  apiToken?: string;
  dataDir: string;
  timeoutMs?: number;
}

/**
 * SMS through a provider's HTTP API: a JSON POST `{ to, text }` with `Authorization: Bearer` when a
 * token is set. Without SMS_API_URL each message becomes a .json file in the outbox.
 */
export function createSmsConnector(config: SmsConfig, logger: Logger): SmsConnector {
  const { apiUrl } = config;
  if (apiUrl) {
    return {
      mode: 'http',
      async send(message) {
        const res = await fetch(apiUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(config.apiToken ? { authorization: `Bearer ${config.apiToken}` } : {}),
          },
          body: JSON.stringify({ to: message.to, text: message.text }),
          signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
        });
        if (!res.ok) throw new Error(`SMS API answered ${res.status}`);
      },
    };
  }
  return {
    mode: 'outbox',
    async send(message) {
      const file = writeToOutbox(config.dataDir, 'json', JSON.stringify({ to: message.to, text: message.text, at: new Date().toISOString() }, null, 2));
      logger.info('SMS written to outbox (no SMS API configured)', { to: message.to, file });
    },
  };
}
