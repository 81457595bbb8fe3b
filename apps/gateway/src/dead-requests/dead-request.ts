import { isUUID } from 'class-validator';
import { MessageHeader, messageHeader } from '@app/contracts';

/**
 * What a dead request needs to end its stream: where its answer goes, or null when it does not say.
 * Its text is not checked: a request a worker rejected for its text must end its stream all the same.
 */
export function readDeadRequest(content: Buffer): MessageHeader | null {
  let request: Partial<Record<keyof MessageHeader, unknown>> | null;
  try {
    request = JSON.parse(content.toString()) as typeof request;
  } catch {
    return null;
  }
  if (typeof request !== 'object' || request === null) return null;
  const { chat_id, chat_title, message_id } = request;
  if (!isUUID(chat_id, 'all') || !isUUID(message_id, 'all') || typeof chat_title !== 'string') return null;
  return messageHeader(request as MessageHeader);
}
