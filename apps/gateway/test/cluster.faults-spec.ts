import { AppProcess, freePort } from '../../../test/support/app-process';
import { BrokerInspector } from '../../../test/support/broker-inspector';
import { ChatClient } from '../../../test/support/chat-client';
import { answerWords, wordTexts } from '../../../test/support/expected-answer';
import { LocalCluster, localClusterUsable, startLocalCluster } from '../../../test/support/rabbitmq-cluster';
import { readSse, SseConnection } from '../../../test/support/sse-client';
import { waitFor } from '../../../test/support/wait-for';

const describeWithCluster = localClusterUsable() ? describe : describe.skip;
if (!localClusterUsable()) console.warn('Skipping the cluster tests: they need rabbitmq-server, as root or as the rabbitmq user');

const WORD_DELAY_MS = 40;
const TEXT = Array.from({ length: 20 }, (_, i) => `c${i + 1}`).join(' ');

/**
 * A 3-node RabbitMQ cluster of the test's own (the local broker is left alone), with a quorum requests
 * queue, gateway A attached to node 1, gateway B to node 2 and the workers to node 3; each app knows
 * every node and fails over along its list.
 */
describeWithCluster('on a 3-node RabbitMQ cluster', () => {
  let cluster: LocalCluster;
  const processes: AppProcess[] = [];
  const requestsQueue = `requests_queue.cluster.${process.pid}`;
  let gatewayA: ChatClient;
  let gatewayB: ChatClient;
  let worker: AppProcess;

  /** The cluster's URLs, starting with node `first`. */
  const nodesFrom = (first: number) => [...cluster.urls.slice(first), ...cluster.urls.slice(0, first)].join(',');
  const appEnv = (first: number) => ({ AMQP_URL: nodesFrom(first), REQUESTS_QUEUE: requestsQueue, REQUESTS_QUEUE_TYPE: 'quorum' });

  async function startGateway(node: number): Promise<ChatClient> {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const gateway = AppProcess.start('gateway', {
      ...appEnv(node),
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      LOG_FORMAT: 'json',
    });
    processes.push(gateway);
    await gateway.waitForHttpOk(`http://127.0.0.1:${metricsPort}/health/ready`);
    return new ChatClient(`http://127.0.0.1:${port}`);
  }

  async function startWorker(node: number): Promise<AppProcess> {
    const started = AppProcess.start('word-producer', { ...appEnv(node), WORD_DELAY_MS: String(WORD_DELAY_MS) });
    processes.push(started);
    const workers = processes.filter((app) => app.app === 'word-producer' && app.running).length;
    // Node 3 stays up throughout, so it can always be asked.
    const broker = await BrokerInspector.connect(cluster.urls[2]);
    await broker.waitForConsumers(requestsQueue, workers).finally(() => broker.close());
    return started;
  }

  beforeAll(async () => {
    cluster = await startLocalCluster(3);
    gatewayA = await startGateway(0);
    gatewayB = await startGateway(1);
    worker = await startWorker(2);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(processes.map((app) => app.stop('SIGKILL')));
    await cluster?.close();
  }, 60_000);

  it('answers a message sent through one node and streamed through another', async () => {
    const { chat_id } = await gatewayA.startChat();
    const accepted = await gatewayA.sendOk(chat_id, { text: TEXT });
    const result = await readSse(gatewayB.streamUrl(accepted));
    expect(wordTexts(result.events)).toEqual(answerWords(TEXT));
    expect(result.events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
  }, 60_000);

  it('loses no accepted request with a node, completes the streams whose reply queues survive, and ends the others clearly', async () => {
    // Requests wait in the quorum queue while no worker runs.
    await worker.stop();
    const { chat_id } = await gatewayB.startChat();
    const survivors = await Promise.all(['one', 'two', 'three'].map((word) => gatewayB.sendOk(chat_id, { text: `${word} ${TEXT}` })));
    const onLostNode = await gatewayA.sendOk(chat_id, { text: `lost ${TEXT}` });
    const survivorStreams = survivors.map((accepted) => new SseConnection(gatewayB.streamUrl(accepted)));
    const lostStream = new SseConnection(gatewayA.streamUrl(onLostNode));
    await waitFor('the streams to open', () => [...survivorStreams, lostStream].every((stream) => stream.status === 200), 10_000);

    // Node 1 goes: gateway A's connection and the reply queue it declared there with it.
    await cluster.stopNode(0);
    worker = await startWorker(2);

    const results = await Promise.all(survivorStreams.map((stream) => stream.finished));
    results.forEach((result, index) => {
      expect(wordTexts(result.events)).toEqual(answerWords(`${['one', 'two', 'three'][index]} ${TEXT}`));
      expect(result.events.at(-1)).toEqual({ event: 'end', data: 'Stream ended' });
    });
    // Its reply queue is out of reach: the stream waits for the node (REATTACH_TIMEOUT_MS, 20 s), then says why it ends.
    const lost = await lostStream.finished;
    expect(lost.events.at(-1)?.event).toBe('error');
    expect(JSON.parse(lost.events.at(-1)!.data)).toEqual({
      code: 'broker_unavailable',
      message: expect.stringMatching(
        /^The stream was interrupted: the message broker did not come back \(.*home node .* is down or inaccessible/,
      ),
    });
    // Gateway A moves to a surviving node (after its reconnect delay) and serves new messages.
    const connected = () =>
      fetch(`${gatewayA.baseUrl}/health`).then(
        (response) => response.ok,
        () => false,
      );
    await waitFor('gateway A to reconnect to another node', connected, 30_000);
    const again = await gatewayA.sendOk(chat_id, { text: 'after the loss' });
    expect(wordTexts((await readSse(gatewayB.streamUrl(again))).events)).toEqual(answerWords('after the loss'));
  }, 120_000);
});
