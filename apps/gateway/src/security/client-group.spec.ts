import { clientGroup } from './client-group';

describe('clientGroup', () => {
  it('groups IPv6 addresses by their /64: one user, one client', () => {
    expect(clientGroup('2001:db8:1:2:3:4:5:6', 64)).toBe('2001:db8:1:2::/64');
    expect(clientGroup('2001:db8:1:2:ffff::1', 64)).toBe('2001:db8:1:2::/64');
    expect(clientGroup('2001:0DB8:0001:0002:0000:0000:0000:0009', 64)).toBe('2001:db8:1:2::/64');
  });

  it('tells apart IPv6 addresses of different /64s', () => {
    expect(clientGroup('2001:db8:1:3::1', 64)).toBe('2001:db8:1:3::/64');
    expect(clientGroup('2001:db8:1:2::1', 64)).not.toBe(clientGroup('2001:db8:1:3::1', 64));
  });

  it('groups by the prefix it is given, down to single addresses at 128', () => {
    expect(clientGroup('2001:db8:1:2:3:4:5:6', 48)).toBe('2001:db8:1::/48');
    expect(clientGroup('2001:db8:1:2:3:4:5:6', 56)).toBe('2001:db8:1::/56');
    expect(clientGroup('2001:db8:1:2ff:3:4:5:6', 56)).toBe('2001:db8:1:200::/56');
    expect(clientGroup('2001:db8:1:2:3:4:5:6', 128)).toBe('2001:db8:1:2:3:4:5:6/128');
    expect(clientGroup('2001:db8:1:2:3:4:5:6', 1)).toBe('::/1');
    expect(clientGroup('fe80::1', 9)).toBe('fe80::/9');
  });

  it('takes an IPv4-mapped IPv6 address as the IPv4 address it carries, in either notation', () => {
    expect(clientGroup('::ffff:10.1.2.3', 64)).toBe('10.1.2.3');
    expect(clientGroup('::FFFF:a01:203', 64)).toBe('10.1.2.3');
    expect(clientGroup('::ffff:127.0.0.1', 64)).toBe('127.0.0.1');
  });

  it('keeps every IPv4 address a client of its own, loopback ones included', () => {
    expect(clientGroup('10.1.2.3', 64)).toBe('10.1.2.3');
    expect(clientGroup('10.1.2.4', 64)).toBe('10.1.2.4');
    expect(clientGroup('127.0.0.2', 64)).toBe('127.0.0.2');
  });

  it('keeps ::1 apart from 127.0.0.1: another address, in a /64 of its own', () => {
    expect(clientGroup('::1', 64)).toBe('::/64');
    expect(clientGroup('::1', 128)).toBe('::1/128');
  });

  it('reads embedded IPv4 tails and zone ids as the address they write', () => {
    expect(clientGroup('64:ff9b::192.0.2.33', 128)).toBe('64:ff9b::c000:221/128');
    expect(clientGroup('fe80::1%eth0', 64)).toBe('fe80::/64');
  });

  it('writes the longest run of zero groups as ::, the first of equal runs', () => {
    expect(clientGroup('2001:0:0:1:0:0:0:1', 128)).toBe('2001:0:0:1::1/128');
    expect(clientGroup('2001:0:0:1:1:0:0:1', 128)).toBe('2001::1:1:0:0:1/128');
    expect(clientGroup('2001:db8:0:1:1:1:1:1', 128)).toBe('2001:db8:0:1:1:1:1:1/128');
  });

  it('keys anything that is not an IP address by itself', () => {
    expect(clientGroup('unknown', 64)).toBe('unknown');
    expect(clientGroup('2001:db8::g', 64)).toBe('2001:db8::g');
  });
});
