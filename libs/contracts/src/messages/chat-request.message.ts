import { IsString, IsUUID } from 'class-validator';
import { IsNotBlank } from './blank-text';
import { MessageHeader } from './message-header';

/**
 * What a gateway publishes to the requests queue for each user message. Ids may be any RFC 4122
 * UUID: this gateway makes v4 ones, the original makes them with uuid.uuid1().
 */
export class ChatRequestMessage implements MessageHeader {
  @IsUUID('all')
  chat_id: string;

  @IsString()
  chat_title: string;

  @IsUUID('all')
  message_id: string;

  @IsString()
  @IsNotBlank()
  text: string;
}
