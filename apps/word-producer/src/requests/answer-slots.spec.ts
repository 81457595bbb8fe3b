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
    const slots = new AnswerSlots(4, 2, 0);
    const { started, ask } = tracker(slots);
    ['a1', 'a2', 'a3', 'b1'].forEach((name) => ask(name[0], name));
    await settle();
    expect(started).toEqual(['a1', 'a2', 'b1']);
    expect(slots.load).toEqual({ running: 3, waiting: 1 });
  });

  it("gives a freed slot to another client's waiting request before the flooding client's next one", async () => {
    const slots = new AnswerSlots(2, 2, 0);
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
    const slots = new AnswerSlots(1, 1, 0);
    const { started, ask } = tracker(slots);
    ['a1', 'a2', 'b1', 'b2', 'c1'].forEach((name) => ask(name[0], name));
    for (let index = 0; index < 4; index++) {
      await settle();
      slots.release(started.at(-1)![0]);
    }
    await settle();
    expect(started).toEqual(['a1', 'b1', 'c1', 'a2', 'b2']);
  });

  it('starts the first answer of a client with nothing in progress at once, while heavy clients fill every shared slot', async () => {
    // 4 shared slots, 2 a client, 2 more for clients with nothing in progress.
    const slots = new AnswerSlots(4, 2, 2);
    const { started, ask } = tracker(slots);
    ['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c1', 'c2'].forEach((name) => ask(name[0], name));
    await settle();
    expect(started).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
    expect(slots.load).toEqual({ running: 5, waiting: 3 });
    ask('d', 'd1');
    ask('e', 'e1');
    await settle();
    expect(started).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'd1']);
    expect(slots.load).toEqual({ running: 6, waiting: 4 });
  });

  it('keeps the slots for new clients free of second answers, which wait for a shared slot', async () => {
    const slots = new AnswerSlots(4, 2, 2);
    const { started, ask } = tracker(slots);
    ['a1', 'a2', 'a3', 'b1', 'b2', 'c1', 'c2', 'd1', 'e1'].forEach((name) => ask(name[0], name));
    await settle();
    expect(started).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'd1']);
    slots.release('a');
    await settle();
    // 5 running, above the 4 shared slots: only e, with nothing in progress, may start.
    expect(started).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'd1', 'e1']);
    slots.release('b');
    slots.release('d');
    await settle();
    // 4 running: every shared slot is taken, and the 2 for new clients stay free.
    expect(started).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'd1', 'e1']);
    slots.release('e');
    await settle();
    // A shared slot: a was served longer ago than c.
    expect(started).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'd1', 'e1', 'a3']);
    expect(slots.load).toEqual({ running: 4, waiting: 1 });
  });
});
