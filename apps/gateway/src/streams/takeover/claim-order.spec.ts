import { isNewerClaim, newClaim } from './claim-order';

describe('claim order', () => {
  it('makes each claim newer than the ones before it, within the same millisecond too', () => {
    const [first, second, third] = [newClaim(), newClaim(), newClaim()];
    expect(isNewerClaim(second, first)).toBe(true);
    expect(isNewerClaim(third, second)).toBe(true);
    expect(isNewerClaim(first, third)).toBe(false);
  });

  it('orders by time before the counter', () => {
    expect(isNewerClaim('00000000b.0000.x', '00000000a.zzzz.x')).toBe(true);
  });
});
