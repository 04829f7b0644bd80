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
  // A new password records its audit event inside the credentials' own store operation: that one too.
  const credentials: Store['credentials'] = Object.assign(Object.create(store.credentials) as Store['credentials'], {
    async setPassword(...args: Parameters<Store['credentials']['setPassword']>) {
      const changed = await store.credentials.setPassword(...args);
      if (changed) for (const sink of sinks) sink(changed.audit);
      return changed;
    },
  });
  return Object.assign(Object.create(store) as Store, { audit: streamed, credentials });
}

/** Failures, refusals and locks are warnings for the SIEM; everything else is a notice. */
const WARNING = /(^|\.)(failed|throttled|locked|blocked|refused|denied|breached)(\.|$)/;
const isWarning = (e: AuditEvent) => WARNING.test(e.type);

/** An audit event as the SIEM reads it: the stored event, its time as ISO 8601. */
function auditRecord(e: AuditEvent) {
  return { id: e.id, at: e.at.toISOString(), type: e.type, userId: e.userId, actor: e.actor, ip: e.ip, details: e.details };
}

/** An audit event as RFC 5424 syslog: MSGID = its type, who/where as structured data, the event as JSON. */
export function auditSyslogMessage(e: AuditEvent): SyslogMessage {
  const requestId = typeof e.details.requestId === 'string' ? e.details.requestId : null;
  return {
    at: e.at,
    severity: isWarning(e) ? SEVERITY.warning : SEVERITY.notice,
    msgId: e.type,
    params: { id: e.id, userId: e.userId, actor: e.actor, ip: e.ip, requestId },
    text: JSON.stringify(auditRecord(e)),
  };
}

/** An audit event as one line of the JSON lines stream: the event, its severity by name and where it comes from. */
export function auditJsonLine(e: AuditEvent, host: string) {
  return { ...auditRecord(e), severity: isWarning(e) ? 'warning' : 'notice', source: 'gerbang', host };
}
