import { replyQueueName } from '@app/contracts';
import type { BrokerInspector } from '../../test/support/broker-inspector';
import type { Problems } from './problems';

/**
 * Every finished answer's reply queue must be gone. Returns one problem per queue still there, and
 * deletes those, so a failed run leaves nothing behind for the next.
 */
async function reportReplyQueuesLeft(admin: BrokerInspector, messageIds: readonly string[], problems: Problems): Promise<number> {
  const left = await admin.present(messageIds.map(replyQueueName));
  for (const queue of left) problems.add(`${queue} still exists after its answer was read and released`);
  if (left.length > 0) await admin.deleteQueues(left);
  return left.length;
}

export { reportReplyQueuesLeft };
