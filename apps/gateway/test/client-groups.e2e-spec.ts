import { createHmac } from 'node:crypto';
import { CLIENT_HEADER } from '@app/contracts';
import { AcceptedMessage, ChatClient } from '../../../test/support/chat-client';
import { TEST_MESSAGE_ID_SECRET } from '../../../test/support/message-id-secret';
import { SseConnection } from '../../../test/support/sse-client';
import { useStack } from '../../../test/support/test-stack';
import { waitFor } from '../../../test/support/wait-for';

/**
 * Clients as the limits count them (IPV6_CLIENT_PREFIX 64): an IPv6 user has a whole /64, so every
 * address in it is one client. No worker runs, so the requests wait in the queue to be looked at.
 */
describe('IPv6 clients counted by their /64', () => {
  const env = useStack({ worker: false, MESSAGE_BURST: 3, MESSAGE_RATE_PER_SECOND: 1, MAX_STREAMS_PER_CLIENT: 1, TRUST_PROXY: 'loopback' });
  const as = (address: string) => new ChatClient(env.stack.baseUrl, { 'X-Forwarded-For': address });

  it('counts two addresses of one /64 as one client against MESSAGE_BURST, and another /64 apart', async () => {
    const { chat_id } = await as('2001:db8:1:2::1').startChat();
    const burst = await Promise.all(Array.from({ length: 3 }, () => as('2001:db8:1:2::1').send(chat_id, { text: 'hello' })));

    const sameNetwork = await as('2001:db8:1:2:ffff::2').send(chat_id, { text: 'hello' });
    const nextNetwork = await as('2001:db8:1:3::1').send(chat_id, { text: 'hello' });

    expect(burst.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect([sameNetwork.status, nextNetwork.status]).toEqual([429, 200]);
  });

  it('gives workers one client key for the addresses of one /64, made from the network, not the address', async () => {
    const senders = ['2001:db8:5:6::1', '2001:db8:5:6:a:b:c:d', '2001:db8:5:7::1', '::ffff:192.0.2.9'];
    const { chat_id } = await as(senders[0]).startChat();
    const accepted = await Promise.all(senders.map((address) => as(address).sendOk(chat_id, { text: 'who am I' })));

    const keys = await clientKeysOf(accepted);

    const keyOf = (group: string) => createHmac('sha256', TEST_MESSAGE_ID_SECRET).update(group).digest('base64url').slice(0, 16);
    expect(keys).toEqual([keyOf('2001:db8:5:6::/64'), keyOf('2001:db8:5:6::/64'), keyOf('2001:db8:5:7::/64'), keyOf('192.0.2.9')]);
  });

  it('counts two addresses of one /64 as one client against MAX_STREAMS_PER_CLIENT', async () => {
    const { chat_id } = await as('2001:db8:9:9::1').startChat();
    const [held, refused] = await Promise.all([1, 2].map(() => as('2001:db8:9:9::1').sendOk(chat_id, { text: 'read me' })));
    const open = new SseConnection(as('2001:db8:9:9::1').streamUrl(held), { headers: as('2001:db8:9:9::1').headers });
    await waitFor('the first stream to open', () => open.status === 200);

    const sameNetwork = new SseConnection(as('2001:db8:9:9::2').streamUrl(refused), { headers: as('2001:db8:9:9::2').headers });
    await waitFor('the second stream to be answered', () => sameNetwork.status !== undefined);

    expect(sameNetwork.status).toBe(429);
    expect(JSON.parse((await sameNetwork.finished).body)).toMatchObject({
      statusCode: 429,
      message: 'This client streams 1 answers already; close one first',
    });
    open.close();
  });

  /** The CLIENT_HEADER of each message's request, in the order given, read off the requests queue. */
  async function clientKeysOf(messages: AcceptedMessage[]): Promise<string[]> {
    const keys = new Map<string, string>();
    await env.broker.withChannel(async (channel) => {
      for (let request = await channel.get(env.stack.requestsQueue); request; request = await channel.get(env.stack.requestsQueue)) {
        const { message_id } = JSON.parse(request.content.toString()) as { message_id: string };
        keys.set(message_id, String((request.properties.headers ?? {})[CLIENT_HEADER]));
        channel.nack(request, false, false);
      }
    });
    return messages.map((message) => keys.get(message.message_id) ?? 'missing');
  }
});
