import { isIPv4, isIPv6 } from 'node:net';

/**
 * The client an address belongs to, for per-client limits: an IPv4 address is a client of its own, an
 * IPv6 address is its network of `ipv6Prefix` bits (`2001:db8:1:2::/64`), since a provider hands one
 * user a whole /64 and any address in it is theirs to use. An IPv4-mapped address (`::ffff:10.1.2.3`,
 * what a dual-stack socket reports for an IPv4 peer) is that IPv4 address. Anything that is not an IP
 * address is its own key.
 */
export function clientGroup(address: string, ipv6Prefix: number): string {
  if (isIPv4(address)) return address;
  const bytes = ipv6Bytes(address);
  if (!bytes) return address;
  if (isIPv4Mapped(bytes)) return bytes.subarray(12).join('.');
  return `${formatIPv6(masked(bytes, ipv6Prefix))}/${ipv6Prefix}`;
}

function ipv6Bytes(address: string): Buffer | undefined {
  const withoutZone = address.split('%')[0];
  if (!isIPv6(withoutZone)) return undefined;
  let text = withoutZone.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  const bytes = Buffer.alloc(16);
  [...headGroups, ...zeros, ...tailGroups].forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  return bytes;
}

function isIPv4Mapped(bytes: Buffer): boolean {
  return bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

function masked(bytes: Buffer, prefix: number): Buffer {
  const result = Buffer.from(bytes);
  for (let bit = prefix; bit < 128; bit++) result[bit >> 3] &= ~(0x80 >> (bit & 7));
  return result;
}

/** RFC 5952's text form: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
function formatIPv6(bytes: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, index) => bytes.readUInt16BE(index * 2).toString(16));
  let best = { start: -1, length: 1 };
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === '0') length++;
    if (length > best.length) best = { start, length };
  }
  if (best.start < 0) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}
