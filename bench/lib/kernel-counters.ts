import { readFileSync } from 'node:fs';

/** Machine-wide kernel counters that tell why local connections broke (from /proc; Linux only). */
export interface KernelCounters {
  /** Packets dropped because a CPU's input queue held net.core.netdev_max_backlog already (loopback included). */
  backlogDrops: number;
  /** TCP keep-alive probes sent. */
  keepAliveProbes: number;
  /** Connections the kernel aborted after unanswered retransmissions or keep-alive probes (ETIMEDOUT). */
  abortsOnTimeout: number;
}

/** The counters now, or undefined where /proc does not have them. */
export function kernelCounters(): KernelCounters | undefined {
  try {
    const tcpExt = netstatSection(readFileSync('/proc/net/netstat', 'utf8'), 'TcpExt');
    return {
      // The second column of each CPU's row is its drops, in hex.
      backlogDrops: readFileSync('/proc/net/softnet_stat', 'utf8')
        .trim()
        .split('\n')
        .reduce((sum, line) => sum + parseInt(line.trim().split(/\s+/)[1] ?? '0', 16), 0),
      keepAliveProbes: tcpExt.TCPKeepAlive ?? 0,
      abortsOnTimeout: tcpExt.TCPAbortOnTimeout ?? 0,
    };
  } catch {
    return undefined;
  }
}

/** What the counters grew by from `before` to now. */
export function kernelCountersSince(before: KernelCounters | undefined): KernelCounters | undefined {
  const now = kernelCounters();
  if (!before || !now) return undefined;
  return {
    backlogDrops: now.backlogDrops - before.backlogDrops,
    keepAliveProbes: now.keepAliveProbes - before.keepAliveProbes,
    abortsOnTimeout: now.abortsOnTimeout - before.abortsOnTimeout,
  };
}

/** /proc/net/netstat holds each section as two lines: `Name: keys…` then `Name: values…`. */
function netstatSection(text: string, name: string): Record<string, number> {
  const [keys, values] = text
    .split('\n')
    .filter((line) => line.startsWith(`${name}:`))
    .map((line) => line.split(/\s+/).slice(1));
  const section: Record<string, number> = {};
  keys?.forEach((key, index) => (section[key] = Number(values?.[index])));
  return section;
}
