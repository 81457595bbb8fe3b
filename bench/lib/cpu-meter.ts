import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * CPU each process used, in % of one core (200 = two cores busy), by name, plus `everything else`
 * on the machine and the `machine` in total.
 */
export type CpuUsage = Record<string, number>;

/** User + system CPU time of a process so far, in seconds; undefined once it is gone. */
function cpuSeconds(pid: number): number | undefined {
  try {
    // The command name (field 2) may hold spaces; count fields from the closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU time of the whole machine so far, all cores, in seconds (idle and I/O wait excluded). */
function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/** The local RabbitMQ's Erlang VM, if it runs on this machine. */
function brokerPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'beam.smp') return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/**
 * CPU used by each named process between start() and stop(), as % of one core: tells which
 * process (gateway, worker, broker, the bench's own clients) a load's time goes to, and how much
 * went to everything else on this shared machine.
 */
class CpuMeter {
  /** The processes to meter, by name; those without a pid (not running here) are left out. */
  private readonly pids: Record<string, number>;
  private startedAt: number;
  private before: Record<string, number | undefined>;
  private machineBefore: number;

  constructor(pids: Record<string, number | undefined>) {
    this.pids = Object.fromEntries(Object.entries(pids).filter((entry): entry is [string, number] => entry[1] !== undefined));
  }

  start(): void {
    this.startedAt = performance.now();
    this.before = Object.fromEntries(Object.entries(this.pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
    this.machineBefore = machineBusySeconds();
  }

  stop(): CpuUsage {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const usage: CpuUsage = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      // A process gone at either end has no figure.
      const now = cpuSeconds(pid);
      const before = this.before[name];
      if (now === undefined || before === undefined) continue;
      const used = now - before;
      if (Number.isFinite(used)) usage[name] = Math.round((used / seconds) * 100);
    }
    const machine = Math.round(((machineBusySeconds() - this.machineBefore) / seconds) * 100);
    const ours = Object.values(usage).reduce((sum, percent) => sum + percent, 0);
    return { ...usage, 'everything else': Math.max(0, machine - ours), machine };
  }
}

export { CpuMeter, brokerPid };
