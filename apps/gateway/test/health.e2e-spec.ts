import { execFile } from 'node:child_process';
import { hostname } from 'node:os';
import { promisify } from 'node:util';
import { describeIfRabbitmqctl } from '../../../test/support/rabbitmqctl';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const run = promisify(execFile);

/**
 * The names of the broker's client connections opened from this test process, from rabbitmqctl: other
 * test files running beside this one open and close their own.
 */
async function connectionNames(): Promise<string[]> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'client_properties', '-q', '--no-table-headers'], { timeout: 15_000 });
  const names = stdout.split('\n').flatMap((line) => /\{"connection_name","([^"]+)"/.exec(line)?.[1] ?? []);
  return names.filter((name) => name.endsWith(`@${hostname()}:${process.pid}`));
}

describeIfRabbitmqctl('the health endpoints')('the health endpoints', () => {
  const env = useStack({ worker: false, METRICS_PORT: 0 });
  const probes = (names: string[]) => names.filter((name) => name.startsWith('gateway-health-probe@'));

  it('answers liveness from what the gateway knows, opening no broker connection', async () => {
    const before = await connectionNames();
    const answers = await Promise.all(Array.from({ length: 100 }, () => fetch(`${env.stack.baseUrl}/health`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200));
    expect(await answers[0].json()).toEqual({
      status: 'ok',
      info: { broker: { status: 'up' }, streams: { status: 'up', openStreams: 0, replyConsumers: 0 } },
      error: {},
      details: { broker: { status: 'up' }, streams: { status: 'up', openStreams: 0, replyConsumers: 0 } },
    });
    const after = await connectionNames();
    expect(after.length).toBe(before.length);
    expect(probes(after)).toEqual([]);
  });

  it('answers readiness with the broker accepting clients, with one probe connection for many calls, closed again', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, () => fetch(`${env.stack.internalUrl}/health/ready`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200));
    expect(((await answers[0].json()) as { details: Record<string, unknown> }).details.brokerAcceptsClients).toEqual({ status: 'up' });
    await waitFor('the probe connection to close', async () => probes(await connectionNames()).length === 0, 10_000);
  });
});
