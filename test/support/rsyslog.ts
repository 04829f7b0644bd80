import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './gerbang.js';

/** A message as rsyslog parsed it (fields only its RFC 5424 parser fills: MSGID, structured data). */
export interface SyslogLine {
  facility: number;
  severity: number;
  appName: string;
  msgId: string;
  structuredData: string;
  msg: string;
}

const BINARY = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd'].find((p) => existsSync(p)) ?? 'rsyslogd';

/**
 * A real rsyslog (the Debian package) started by the test on free loopback ports, TCP and UDP,
 * writing what it parsed into a file: proof that what Gerbang sends is syslog a SIEM understands.
 */
export class Rsyslog {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'gerbang-rsyslog-'));
  port = 0;

  async start(port?: number): Promise<void> {
    this.port = port ?? (await freePort());
    const out = join(this.dir, 'out.log');
    const conf = join(this.dir, 'rsyslog.conf');
    writeFileSync(
      conf,
      [
        `global(workDirectory="${this.dir}")`,
        'module(load="imtcp")',
        'module(load="imudp")',
        `input(type="imtcp" port="${this.port}" address="127.0.0.1")`,
        `input(type="imudp" port="${this.port}" address="127.0.0.1")`,
        'template(name="fields" type="string" string="%syslogfacility%|%syslogseverity%|%app-name%|%msgid%|%structured-data%|%msg%\\n")',
        `*.* action(type="omfile" file="${out}" template="fields")`,
      ].join('\n'),
    );
    this.child = spawn(BINARY, ['-n', '-f', conf, '-i', join(this.dir, 'rsyslogd.pid')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    this.child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<never>((_, reject) => {
      this.child!.once('exit', (code) => reject(new Error(`rsyslogd exited (${code}): ${stderr}`)));
      // Not installed: say so at once instead of waiting out the hook's timeout.
      this.child!.once('error', (err) => reject(new Error(`rsyslogd could not start (${err.message}); the SIEM tests need the rsyslog package (apt-get install rsyslog)`)));
    });
    // Ready once its TCP input accepts connections.
    await Promise.race([exited, waitForListener(this.port)]);
  }

  lines(): SyslogLine[] {
    const file = join(this.dir, 'out.log');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [facility, severity, appName, msgId, structuredData, ...msg] = l.split('|');
        return { facility: Number(facility), severity: Number(severity), appName, msgId, structuredData, msg: msg.join('|').trim() };
      });
  }

  /** Polls the file rsyslog writes until `find` answers something. */
  async until<T>(find: (lines: SyslogLine[]) => T | undefined): Promise<T> {
    for (;;) {
      const found = find(this.lines());
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  async cleanup(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function waitForListener(port: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
