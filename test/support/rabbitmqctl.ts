import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { brokerUrl, LOCAL_BROKER_URL } from './broker-url';

const run = promisify(execFile);

/** Fault tests need rabbitmqctl for the broker under test: the local one, as root. */
export function rabbitmqctlUsable(): boolean {
  if (brokerUrl() !== LOCAL_BROKER_URL) return false;
  try {
    execFileSync('rabbitmqctl', ['-q', 'status'], { stdio: 'ignore', timeout: 15000 });
    return true;
  } catch {
    return false;
  }
}

/** Closes, as a broker fault would, every connection whose connection_name starts with `prefix`; returns how many. */
export async function closeConnectionsNamed(prefix: string): Promise<number> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '-q', '--no-table-headers'], {
    timeout: 15000,
  });
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(`{"connection_name","${prefix}`))
    .map((line) => line.split('\t')[0]);
  for (const pid of pids) await run('rabbitmqctl', ['close_connection', pid, 'fault injected by a test'], { timeout: 15000 });
  return pids.length;
}

/** Applies a policy to exactly one queue; returns a function that removes it again. */
export async function applyPolicyToQueue(queue: string, definition: Record<string, unknown>): Promise<() => Promise<void>> {
  const name = `test-${queue}`;
  const pattern = `^${queue.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  await run('rabbitmqctl', ['set_policy', '--priority', '10', '--apply-to', 'queues', name, pattern, JSON.stringify(definition)], {
    timeout: 15000,
  });
  return async () => {
    await run('rabbitmqctl', ['clear_policy', name], { timeout: 15000 });
  };
}

const LONGEST_OUTAGE_MS = 20000;

/**
 * Stops the broker application (connections drop, transient messages are lost), runs `whileDown`, and
 * always starts it again, after at most LONGEST_OUTAGE_MS even if `whileDown` hangs: every later test,
 * and CI, needs the broker back.
 */
export async function withBrokerStopped<T>(whileDown: () => Promise<T>): Promise<T> {
  await run('rabbitmqctl', ['stop_app'], { timeout: 60000 });
  let timer: NodeJS.Timeout | undefined;
  try {
    const tooLong = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The broker outage outlasted ${LONGEST_OUTAGE_MS} ms`)), LONGEST_OUTAGE_MS);
    });
    return await Promise.race([whileDown(), tooLong]);
  } finally {
    clearTimeout(timer);
    await run('rabbitmqctl', ['start_app'], { timeout: 120000 });
  }
}

/** `describe` where rabbitmqctl can drive the broker under test, else `describe.skip` with the reason printed. */
export function describeIfRabbitmqctl(what: string): jest.Describe {
  if (rabbitmqctlUsable()) return describe;
  console.warn(`Skipping ${what}: they need rabbitmqctl, as root, for the local broker`);
  return describe.skip;
}

/** The queue's type as the broker reports it (classic, quorum, stream), or undefined when there is no such queue. */
export async function queueType(queue: string): Promise<string | undefined> {
  // Every queue on the broker is listed: other work on it (a bench's 10,000 streams) can make that megabytes.
  const { stdout } = await run('rabbitmqctl', ['list_queues', 'name', 'type', '-q', '--no-table-headers'], {
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = stdout.split('\n').find((row) => row.split('\t')[0] === queue);
  return line?.split('\t')[1]?.trim();
}
