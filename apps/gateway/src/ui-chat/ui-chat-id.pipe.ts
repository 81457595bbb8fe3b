import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { UI_CHAT_ID, UI_CHAT_ID_RULE } from './dto/ui-chat-request.dto';

@Injectable()
export class UiChatIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UI_CHAT_ID.test(value)) throw new BadRequestException(`The chat id must be ${UI_CHAT_ID_RULE}`);
    return value;
  }
}
