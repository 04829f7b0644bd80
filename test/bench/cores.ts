/**
 * Where the bench runs what. Figures are ratios measured side by side, so the server under test and
 * its baselines (argon2id verifies, the bare express handler) share one core while the load client
 * runs on another: with `taskset` (util-linux) and at least two cores, the server side is pinned to
 * core 0 and this process (the client, with every thread) to core 1. Otherwise it says so, and
 * everything shares the machine's cores.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface Placement {
  /** Command prefix that runs a server-side process on the server core (empty when not pinned). */
  serverPrefix: string[];
  pinned: boolean;
  note: string;
}

let placement: Placement | null = null;
/** Cores this process may use before pinning (counted once: once pinned, it sees only its own). */
let coresBefore = 0;

export function placeProcesses(): Placement {
  if (placement) return placement;
  const cores = availableParallelism();
  coresBefore = cores;
  const hasTaskset = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasTaskset || cores < 2) {
    const why = !hasTaskset ? 'taskset not found' : 'only one core';
    placement = { serverPrefix: [], pinned: false, note: `NOT pinned (${why}): server and client share the cores, read only the ratios` };
    return placement;
  }
  execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  placement = {
    serverPrefix: ['taskset', '-c', '0'],
    pinned: true,
    note: 'server, argon2id and bare-express baselines pinned to core 0; load client (and the mongo wire test server) to core 1',
  };
  return placement;
}

/**
 * Gives this process, and what it starts from now on, every core again: the scenarios after the
 * figures (protection, run events, overload, designer) measure the whole machine, and a server they
 * start would otherwise inherit the client's single core.
 */
export function releaseProcesses(): void {
  if (!placement?.pinned) return;
  execFileSync('taskset', ['-a', '-p', '-c', `0-${coresBefore - 1}`, String(process.pid)], { stdio: 'ignore' });
  placement = null;
}
