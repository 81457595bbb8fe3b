import { isUUID } from 'class-validator';
import { ChatRequestMessage } from '@app/contracts';

export type DeadRequest = Pick<ChatRequestMessage, 'chat_id' | 'chat_title' | 'message_id'>;

/**
 * What a dead request needs to end its stream: where its answer goes, or null when it does not say.
 * Its text is not checked: a request a worker rejected for its text must end its stream all the same.
 */
export function readDeadRequest(content: Buffer): DeadRequest | null {
  let request: Partial<Record<keyof DeadRequest, unknown>> | null;
  try {
    request = JSON.parse(content.toString()) as typeof request;
  } catch {
    return null;
  }
  if (typeof request !== 'object' || request === null) return null;
  const { chat_id, chat_title, message_id } = request;
  if (!isUUID(chat_id, 'all') || !isUUID(message_id, 'all') || typeof chat_title !== 'string') return null;
  return { chat_id: chat_id as string, chat_title, message_id: message_id as string };
}
