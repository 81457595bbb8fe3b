/** What every request, word, end and transcript of one answer carries besides its text: which chat and message it answers. */
export interface MessageHeader {
  chat_id: string;
  chat_title: string;
  message_id: string;
}

/** The header of `message`, without its other fields. */
export function messageHeader({ chat_id, chat_title, message_id }: MessageHeader): MessageHeader {
  return { chat_id, chat_title, message_id };
}
