import type { AuditEvent, Store } from '../store/port.js';
import { SEVERITY, type SyslogMessage } from '../../connectors/syslog.js';

/** Receives every audit event once it is stored (the SIEM stream). Must not throw or block. */
export type AuditSink = (event: AuditEvent) => void;

/**
 * The same store, with every audit event handed to the sinks after it is written: the audit log in
 * the store stays the record, the stream is a copy for the organisation's SIEM.
 */
export function streamingAudit(store: Store, sinks: AuditSink[]): Store {
  if (!sinks.length) return store;
  const audit = store.audit;
  const streamed: Store['audit'] = Object.assign(Object.create(audit) as Store['audit'], {
    async record(...args: Parameters<Store['audit']['record']>) {
      const stored = await audit.record(...args);
      for (const sink of sinks) sink(stored);
      return stored;
    },
  });
  return Object.assign(Object.create(store) as Store, { audit: streamed });
}

/** Failures, refusals and locks are warnings for the SIEM; everything else is a notice. */
const WARNING = /(^|\.)(failed|throttled|locked|blocked|refused|denied|breached)(\.|$)/;

/** An audit event as RFC 5424 syslog: MSGID = its type, who/where as structured data, the event as JSON. */
export function auditSyslogMessage(e: AuditEvent): SyslogMessage {
  const requestId = typeof e.details.requestId === 'string' ? e.details.requestId : null;
  return {
    at: e.at,
    severity: WARNING.test(e.type) ? SEVERITY.warning : SEVERITY.notice,
    msgId: e.type,
    params: { id: e.id, userId: e.userId, actor: e.actor, ip: e.ip, requestId },
    text: JSON.stringify({ id: e.id, at: e.at.toISOString(), type: e.type, userId: e.userId, actor: e.actor, ip: e.ip, details: e.details }),
  };
}
