'use strict';
const { responseQueueName } = require('../broker/amqp-url');

/**
 * Every finished answer's reply queue must be gone. Returns one problem per queue still there, and
 * deletes those, so a failed run leaves nothing behind for the next.
 */
async function reportReplyQueuesLeft(admin, messageIds, problems) {
  const left = await admin.present(messageIds.map(responseQueueName));
  for (const queue of left) problems.add(`${queue} still exists after its answer was read and released`);
  if (left.length > 0) await admin.deleteQueues(left);
  return left.length;
}

module.exports = { reportReplyQueuesLeft };
