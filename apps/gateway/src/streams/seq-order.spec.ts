import { SeqOrder } from './seq-order';

describe('SeqOrder', () => {
  it('passes items in order straight through', () => {
    const order = new SeqOrder<string>(0);
    expect(order.push(1, 'a')).toEqual(['a']);
    expect(order.push(2, 'b')).toEqual(['b']);
    expect(order.lastSeq).toBe(2);
  });

  it('holds an early item until the ones before it arrive', () => {
    const order = new SeqOrder<string>(2);
    expect(order.push(5, 'e')).toEqual([]);
    expect(order.push(4, 'd')).toEqual([]);
    expect(order.waiting).toBe(true);
    expect(order.push(3, 'c')).toEqual(['c', 'd', 'e']);
    expect(order.waiting).toBe(false);
  });

  it('refuses what it has already passed or is holding', () => {
    const order = new SeqOrder<string>(3);
    expect(order.push(2, 'old')).toBeNull();
    expect(order.push(6, 'f')).toEqual([]);
    expect(order.push(6, 'f again')).toBeNull();
  });

  it('skips a gap that never fills', () => {
    const order = new SeqOrder<string>(1);
    order.push(4, 'd');
    order.push(5, 'e');
    expect(order.skipGap()).toEqual(['d', 'e']);
    expect(order.lastSeq).toBe(5);
  });

  it('hands back what it holds, in order, when the stream stops', () => {
    const order = new SeqOrder<string>(0);
    order.push(3, 'c');
    order.push(2, 'b');
    expect(order.takeAll()).toEqual(['b', 'c']);
    expect(order.waiting).toBe(false);
  });
});
