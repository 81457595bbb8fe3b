import { MessageHeader } from '@app/contracts';

/** What every chunk of one completion repeats: its id and creation time (seconds), and whether to add usage. */
export interface Completion {
  id: string;
  created: number;
  /** The model asked for; '' on a resume, which learns it from the answer's first word (modelOf). */
  model: string;
  includeUsage: boolean;
}

/** The model a completion answers as: the request's, which the gateway sends as the chat title and the worker echoes. */
export function modelOf(header: MessageHeader): string {
  return header.chat_title;
}
