import { Injectable } from '@nestjs/common';
import { UnknownCompletionError } from './unknown-completion.error';
import { MessageIds } from '../security/message-ids';
import { namedUuid } from '../security/named-uuid';

const COMPLETION_ID = /^chatcmpl-([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})-([0-9]{1,12})$/;

/**
 * Completion ids: `chatcmpl-<message id>-<created>`. The message id names the reply queue and is
 * bound (MessageIds) to an owner: the API key that made the completion, or, without API_KEYS, all
 * OpenAI clients together; so one key's completions cannot be resumed or cancelled with another.
 * `created` rides along so that a resume repeats the completion's own creation time.
 */
@Injectable()
export class CompletionIds {
  constructor(private readonly messageIds: MessageIds) {}

  /** The chat id a client's completions belong to; `keyClient` is its API key's client name, if any. */
  ownerOf(keyClient: string | undefined): string {
    return namedUuid(`completions:${keyClient ?? ''}`);
  }

  /** A new message id for `owner`'s completion. */
  newMessageId(owner: string): string {
    return this.messageIds.newFor(owner);
  }

  /** The completion id of the message. */
  idOf(messageId: string, created: number): string {
    return `chatcmpl-${messageId}-${created}`;
  }

  /** The completion's message id and creation time; UnknownCompletionError (404) for an id that is not one of `owner`'s. */
  read(id: string, owner: string): { messageId: string; created: number } {
    const match = COMPLETION_ID.exec(id);
    if (!match || !this.messageIds.belongsTo(match[1], owner)) throw new UnknownCompletionError();
    return { messageId: match[1], created: Number(match[2]) };
  }
}
