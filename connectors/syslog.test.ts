import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { formatRfc5424, parseSyslogUrl, SyslogStream } from './syslog.js';
import { freePort } from '../test/support/gerbang.js';

const origin = { hostname: 'gerbang-1', appName: 'gerbang', procId: '4242' };
// RFC 5424 §6: HEADER SP STRUCTURED-DATA SP MSG.
const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S{1,255}) (\S{1,48}) (\S{1,128}) (\S{1,32}) (\[[^\]"\\]*(?:(?:"(?:[^"\\]|\\.)*")[^\]"\\]*)*\]) (.*)$/s;

describe('RFC 5424 syslog', () => {
  it('formats a message with priority, header, escaped structured data and the text', () => {
    const line = formatRfc5424(
      { at: new Date('2026-05-01T08:00:00.123Z'), severity: 4, msgId: 'signin.failed', params: { id: 'e1', ip: '10.0.0.1', actor: null, note: 'say "hi" ] \\' }, text: '{"ok":true}' },
      origin,
    );
    expect(line).toBe('<84>1 2026-05-01T08:00:00.123Z gerbang-1 gerbang 4242 signin.failed [gerbang@32473 id="e1" ip="10.0.0.1" note="say \\"hi\\" \\] \\\\"] {"ok":true}');
    expect(RFC5424.exec(line)?.slice(1, 7)).toEqual(['84', '2026-05-01T08:00:00.123Z', 'gerbang-1', 'gerbang', '4242', 'signin.failed']);
  });

  it('keeps header fields printable ASCII of their RFC length', () => {
    const line = formatRfc5424({ at: new Date(0), severity: 6, msgId: 'a very long message id with spaces and more', params: {}, text: 'x' }, { ...origin, hostname: 'häst' });
    expect(line).toBe('<86>1 1970-01-01T00:00:00.000Z h_st gerbang 4242 a_very_long_message_id_with_spac [gerbang@32473] x');
  });

  it('reads tcp, tls and udp URLs and refuses others', () => {
    expect(parseSyslogUrl('tls://siem.example.com:6514')).toEqual({ protocol: 'tls', host: 'siem.example.com', port: 6514 });
    expect(parseSyslogUrl('udp://[::1]:514')).toEqual({ protocol: 'udp', host: '::1', port: 514 });
    expect(() => parseSyslogUrl('http://siem.example.com:514')).toThrow(/tcp:\/\//);
  });

  it('buffers while the receiver is unreachable, drops the oldest beyond the bound, and sends the rest once it listens', async () => {
    const port = await freePort();
    const stream = new SyslogStream({ protocol: 'tcp', host: '127.0.0.1', port }, { hostname: 'h', appName: 'gerbang', maxBuffer: 3, onError: () => {}, maxReconnectMs: 500 });
    for (let i = 1; i <= 5; i++) stream.send({ at: new Date(0), severity: 6, msgId: `m${i}`, params: {}, text: `message ${i}` });
    expect(stream.dropped).toBe(2);
    expect(stream.waiting).toBe(3);

    let received = '';
    const server = createServer((socket) => socket.on('data', (c) => (received += c.toString())));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    try {
      while (!received.includes('message 5')) await new Promise((resolve) => setTimeout(resolve, 50));
      // Octet-counted frames (RFC 6587): "<length> <message>", the oldest two gone.
      const frames: string[] = [];
      for (let rest = received; rest; ) {
        const [, len] = /^(\d+) /.exec(rest)!;
        const start = len.length + 1;
        frames.push(rest.slice(start, start + Number(len)));
        rest = rest.slice(start + Number(len));
      }
      expect(frames.map((f) => f.split(' ')[5])).toEqual(['m3', 'm4', 'm5']);
    } finally {
      await stream.close(100);
      server.close();
    }
  });
});
