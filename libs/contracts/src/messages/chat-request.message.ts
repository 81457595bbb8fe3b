import { IsNotEmpty, IsString, IsUUID } from 'class-validator';

/** What the gateway publishes to the requests queue for each user message. */
export class ChatRequestMessage {
  @IsUUID('4')
  chat_id: string;

  @IsString()
  chat_title: string;

  @IsUUID('4')
  message_id: string;

  @IsString()
  @IsNotEmpty()
  text: string;
}
