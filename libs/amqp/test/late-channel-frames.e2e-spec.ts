import { ChannelModel, connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { brokerUrl } from '../../../test/support/broker-url';
import { guardConnection } from '../src/late-channel-frames';

const QUEUED_WORDS = 20_000;
const ROUNDS = 30;

/**
 * Consumes a full queue on a fresh channel, then makes the broker close that channel (a consume of a
 * queue that does not exist) while deliveries flow, ROUNDS times. Returns the connection's error, if
 * it failed, and the channel errors other than the expected 404s.
 */
async function closeChannelsMidDelivery(connection: ChannelModel): Promise<{ connectionError?: string; otherErrors: string[] }> {
  let connectionError: string | undefined;
  connection.on('error', (error: Error) => (connectionError = error.message));
  const queue = `late-frames.test.${randomUUID()}`;
  const publisher = await connection.createChannel();
  await publisher.assertQueue(queue, { arguments: { 'x-expires': 60_000 } });
  for (let index = 0; index < QUEUED_WORDS; index++) publisher.sendToQueue(queue, Buffer.from(`word ${index}`));
  await publisher.checkQueue(queue);
  const otherErrors: string[] = [];
  for (let round = 0; round < ROUNDS && !connectionError; round++) {
    try {
      const channel = await connection.createChannel();
      channel.on('error', (error: Error) => void (/NOT_FOUND/.test(error.message) || otherErrors.push(error.message)));
      await channel.prefetch(5000);
      await channel.consume(queue, () => undefined, { consumerTag: `round-${round}` });
      await new Promise((resolve) => setImmediate(resolve));
      await channel.consume(`late-frames.missing.${randomUUID()}`, () => undefined).catch(() => undefined);
    } catch (error) {
      // Once the connection has failed, whatever was waiting for it fails too ("Channel ended").
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!connectionError) throw error;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (!connectionError) await publisher.deleteQueue(queue);
  return { connectionError, otherErrors };
}

describe('late frames on a channel the broker closed', () => {
  it('close a bare amqplib connection (the upstream behaviour this works around)', async () => {
    const connection = await connect(brokerUrl());
    const { connectionError } = await closeChannelsMidDelivery(connection);
    await connection.close().catch(() => undefined);
    // A late frame either finds no channel, or a new channel given the closed one's number.
    expect(connectionError).toMatch(/Frame on unknown channel|Unknown consumer: round-/);
  });

  it('are dropped by a guarded connection, which stays open and gives no channel another consumer’s words', async () => {
    const connection = await connect(brokerUrl());
    guardConnection(connection);
    const { connectionError, otherErrors } = await closeChannelsMidDelivery(connection);
    await connection.close();
    expect(connectionError).toBeUndefined();
    expect(otherErrors).toEqual([]);
  });
});
