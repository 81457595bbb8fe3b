import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describeIfRabbitmqctl, withBrokerStopped } from '../../../test/support/rabbitmqctl';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

const run = promisify(execFile);

/** The names of the broker's client connections right now, from rabbitmqctl. */
async function connectionNames(): Promise<string[]> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'client_properties', '-q', '--no-table-headers'], { timeout: 15_000 });
  return stdout.split('\n').flatMap((line) => /\{"connection_name","([^"]+)"/.exec(line)?.[1] ?? []);
}

describeIfRabbitmqctl('the health endpoints')('the health endpoints', () => {
  const env = useStack({ worker: false });
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
    const answers = await Promise.all(Array.from({ length: 100 }, () => fetch(`${env.stack.baseUrl}/health/ready`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200));
    expect(((await answers[0].json()) as { details: Record<string, unknown> }).details.brokerAcceptsClients).toEqual({ status: 'up' });
    await waitFor('the probe connection to close', async () => probes(await connectionNames()).length === 0, 10_000);
  });

  it('turns readiness to 503 while the broker is stopped, and back to 200 once it is up', async () => {
    const readiness = async () => {
      const response = await fetch(`${env.stack.baseUrl}/health/ready`);
      return { status: response.status, failing: Object.keys(((await response.json()) as { error: object }).error).sort() };
    };
    await withBrokerStopped(async () => {
      // An answer about new clients is reused for 2 s, so the gateway's own connection may fail first.
      await waitFor('readiness to fail', async () => (await readiness()).failing.length === 2, 15_000);
      expect(await readiness()).toEqual({ status: 503, failing: ['broker', 'brokerAcceptsClients'] });
    });
    await waitFor('readiness to come back', async () => (await fetch(`${env.stack.baseUrl}/health/ready`)).status === 200, 30_000);
  }, 90_000);
});
