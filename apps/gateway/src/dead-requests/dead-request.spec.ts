import { readDeadRequest } from './dead-request';

const read = (body: string) => readDeadRequest(Buffer.from(body));

describe('readDeadRequest', () => {
  it("reads where the answer goes, whatever the text, for this gateway's v4 ids and the original's v1 ones", () => {
    expect(
      read(
        '{"chat_id":"0b8c6f1e-2a5d-4c3b-9e7f-1a2b3c4d5e6f","chat_title":"t","message_id":"7d9e8f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a","text":"\\u200b"}',
      ),
    ).toEqual({ chat_id: '0b8c6f1e-2a5d-4c3b-9e7f-1a2b3c4d5e6f', chat_title: 't', message_id: '7d9e8f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a' });
    expect(
      read(
        '{"chat_id": "a8098c1a-f86e-11da-bd1a-00112444be1e", "chat_title": "New Chat", "message_id": "b1f2c3d4-f86e-11da-8d1a-00112444be1e"}',
      ),
    ).toEqual({
      chat_id: 'a8098c1a-f86e-11da-bd1a-00112444be1e',
      chat_title: 'New Chat',
      message_id: 'b1f2c3d4-f86e-11da-8d1a-00112444be1e',
    });
  });

  it.each([
    ['not JSON', 'not json'],
    ['null', 'null'],
    ['a message_id that is not a UUID', '{"chat_id":"0b8c6f1e-2a5d-4c3b-9e7f-1a2b3c4d5e6f","chat_title":"t","message_id":"x"}'],
    ['no chat_title', '{"chat_id":"0b8c6f1e-2a5d-4c3b-9e7f-1a2b3c4d5e6f","message_id":"7d9e8f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a"}'],
  ])('reads nothing from %s', (_, body) => {
    expect(read(body)).toBeNull();
  });
});
