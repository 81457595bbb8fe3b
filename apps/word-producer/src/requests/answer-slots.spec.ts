import { AnswerSlots } from './answer-slots';

/** Which requests have been let through so far, by name. */
function tracker(slots: AnswerSlots) {
  const started: string[] = [];
  const ask = (client: string, name: string) => void slots.acquire(client).then(() => started.push(name));
  return { started, ask };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('AnswerSlots', () => {
  it('lets requests through at once while there are slots, and each client its share', async () => {
    const slots = new AnswerSlots(4, 2);
    const { started, ask } = tracker(slots);
    ['a1', 'a2', 'a3', 'b1'].forEach((name) => ask(name[0], name));
    await settle();
    expect(started).toEqual(['a1', 'a2', 'b1']);
    expect(slots.load).toEqual({ running: 3, waiting: 1 });
  });

  it("gives a freed slot to another client's waiting request before the flooding client's next one", async () => {
    const slots = new AnswerSlots(2, 2);
    const { started, ask } = tracker(slots);
    ['a1', 'a2', 'a3', 'a4'].forEach((name) => ask('a', name));
    ask('b', 'b1');
    await settle();
    expect(started).toEqual(['a1', 'a2']);
    slots.release('a');
    await settle();
    expect(started).toEqual(['a1', 'a2', 'b1']);
    slots.release('a');
    await settle();
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3']);
  });

  it('keeps each client in order, and takes turns between clients', async () => {
    const slots = new AnswerSlots(1, 1);
    const { started, ask } = tracker(slots);
    ['a1', 'a2', 'b1', 'b2', 'c1'].forEach((name) => ask(name[0], name));
    for (let index = 0; index < 4; index++) {
      await settle();
      slots.release(started.at(-1)![0]);
    }
    await settle();
    expect(started).toEqual(['a1', 'b1', 'c1', 'a2', 'b2']);
  });
});
