import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** Where syslog goes: `tcp://host:port`, `tls://host:port` (RFC 5425) or `udp://host:port`. */
export interface SyslogTarget {
  protocol: 'tcp' | 'tls' | 'udp';
  host: string;
  port: number;
  /** PEM of the CA the TLS receiver's certificate must chain to (the system's CAs when absent). */
  ca?: string;
}

export function parseSyslogUrl(raw: string): SyslogTarget {
  const url = new URL(raw);
  const protocol = url.protocol.slice(0, -1);
  if (protocol !== 'tcp' && protocol !== 'tls' && protocol !== 'udp') throw new Error(`syslog URL must be tcp://, tls:// or udp://, not ${url.protocol}`);
  if (!url.hostname || !url.port) throw new Error('syslog URL needs a host and a port');
  return { protocol, host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) };
}

/** Severities of RFC 5424 used here. */
export const SEVERITY = { warning: 4, notice: 5, info: 6 } as const;
/** Facility 10: security/authorization messages (authpriv). */
const FACILITY_AUTHPRIV = 10;

export interface SyslogMessage {
  at: Date;
  severity: number;
  /** RFC 5424 MSGID: what kind of event (printable ASCII, at most 32 characters). */
  msgId: string;
  /** Structured data parameters under one SD-ID. */
  params: Record<string, string | null>;
  /** The free-form message (UTF-8). */
  text: string;
}

/**
 * Structured data id: name@private-enterprise-number. 32473 is the number RFC 5612 reserves for
 * documentation and examples; an organisation with its own number can map it in its collector.
 */
export const SD_ID = 'gerbang@32473';

const printable = (s: string, max: number) => (s.replace(/[^\x21-\x7e]/g, '_').slice(0, max) || '-');
// Inside a PARAM-VALUE, `"`, `\` and `]` are escaped (RFC 5424 §6.3.3).
const paramValue = (s: string) => s.replace(/[\\"\]]/g, (c) => `\\${c}`);

/** One RFC 5424 line: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG`. */
export function formatRfc5424(m: SyslogMessage, origin: { hostname: string; appName: string; procId: string }): string {
  const pri = FACILITY_AUTHPRIV * 8 + m.severity;
  const params = Object.entries(m.params)
    .filter((e): e is [string, string] => e[1] !== null && e[1] !== '')
    .map(([k, v]) => ` ${printable(k, 32).replace(/[= \]"]/g, '_')}="${paramValue(v)}"`)
    .join('');
  return `<${pri}>1 ${m.at.toISOString()} ${printable(origin.hostname, 255)} ${printable(origin.appName, 48)} ${printable(origin.procId, 128)} ${printable(m.msgId, 32)} [${SD_ID}${params}] ${m.text}`;
}

export interface SyslogStreamOptions {
  hostname: string;
  appName: string;
  /** Messages kept while the receiver is unreachable; past it the oldest are dropped (and counted). */
  maxBuffer: number;
  onDrop?: () => void;
  onError?: (err: Error) => void;
  /** Longest wait between reconnection attempts. */
  maxReconnectMs?: number;
}

/**
 * A syslog stream to a SIEM: messages are framed per RFC 6587 (octet counting) over TCP or TLS, or
 * one per datagram over UDP. While the receiver is unreachable they wait in a bounded buffer and
 * the stream reconnects with backoff (0.5 s doubling to `maxReconnectMs`); a full buffer drops its
 * oldest messages rather than grow without end or hold anything up. Sending never throws.
 */
export class SyslogStream {
  private readonly buffer: string[] = [];
  private socket: Socket | null = null;
  private udp: UdpSocket | null = null;
  private connected = false;
  private connecting = false;
  private closed = false;
  private reconnectMs = 500;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly origin: { hostname: string; appName: string; procId: string };
  dropped = 0;

  constructor(
    private readonly target: SyslogTarget,
    private readonly opts: SyslogStreamOptions,
  ) {
    this.origin = { hostname: opts.hostname, appName: opts.appName, procId: String(process.pid) };
    if (target.protocol === 'udp') {
      this.udp = createSocket(target.host.includes(':') ? 'udp6' : 'udp4');
      this.udp.on('error', (err) => opts.onError?.(err));
      this.udp.unref();
    } else this.connect();
  }

  send(message: SyslogMessage): void {
    if (this.closed) return;
    const line = formatRfc5424(message, this.origin);
    if (this.udp) {
      this.udp.send(Buffer.from(line, 'utf8'), this.target.port, this.target.host, (err) => err && this.opts.onError?.(err));
      return;
    }
    this.buffer.push(line);
    if (this.buffer.length > this.opts.maxBuffer) {
      const over = this.buffer.length - this.opts.maxBuffer;
      this.buffer.splice(0, over);
      this.dropped += over;
      for (let i = 0; i < over; i++) this.opts.onDrop?.();
    }
    this.write();
  }

  /** Messages waiting for the receiver. */
  get waiting(): number {
    return this.buffer.length;
  }

  private connect(): void {
    if (this.closed || this.connecting || this.connected) return;
    this.connecting = true;
    const { host, port, ca } = this.target;
    const socket =
      this.target.protocol === 'tls'
        ? tlsConnect({ host, port, ca, servername: host }, () => this.onConnected(socket))
        : tcpConnect({ host, port }, () => this.onConnected(socket));
    socket.setKeepAlive(true, 30_000);
    socket.unref();
    socket.on('error', (err) => this.opts.onError?.(err));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      this.connected = false;
      this.connecting = false;
      this.scheduleReconnect();
    });
    this.socket = socket;
  }

  private onConnected(socket: Socket): void {
    if (this.socket !== socket) return;
    this.connected = true;
    this.connecting = false;
    this.reconnectMs = 500;
    this.write();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, this.reconnectMs);
    this.reconnectTimer.unref();
    this.reconnectMs = Math.min(this.reconnectMs * 2, this.opts.maxReconnectMs ?? 30_000);
  }

  /** Hands buffered messages to the socket; those written before a drop of the connection may be lost with it. */
  private write(): void {
    if (!this.connected || !this.socket) return;
    while (this.buffer.length) {
      const line = this.buffer.shift()!;
      const bytes = Buffer.byteLength(line, 'utf8');
      if (!this.socket.write(`${bytes} ${line}`)) break;
    }
    if (this.buffer.length) this.socket.once('drain', () => this.write());
  }

  /** Sends what is buffered (waiting up to `graceMs` for the receiver), then closes. */
  async close(graceMs = 2000): Promise<void> {
    const deadline = Date.now() + graceMs;
    while (this.buffer.length && this.connected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    if (socket) {
      await Promise.race([new Promise<void>((resolve) => socket.end(() => resolve())), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
      socket.destroy();
    }
    this.udp?.close();
  }
}
