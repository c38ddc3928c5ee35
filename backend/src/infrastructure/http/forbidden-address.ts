import { isIPv4, isIPv6 } from 'node:net';

/**
 * Why an address is refused, or `undefined` when it is a public unicast address. The label names the
 * range (for tests and logs); it is not meant for people.
 */
export type ForbiddenRange = string;

interface Cidr {
  readonly bytes: Uint8Array;
  readonly bits: number;
  readonly label: ForbiddenRange;
}

/**
 * IANA IPv4 special-purpose ranges that a connector must never reach. 255.255.255.255 lies in 240/4.
 * Not listed, because globally reachable: 192.31.196/24 and 192.52.193/24 (AS112, AMT).
 */
const IPV4_FORBIDDEN: readonly Cidr[] = [
  v4('0.0.0.0', 8, 'this-network'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'cgnat'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'ietf-protocol-assignments'),
  v4('192.0.2.0', 24, 'documentation'),
  v4('192.88.99.0', 24, '6to4-relay'),
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'benchmarking'),
  v4('198.51.100.0', 24, 'documentation'),
  v4('203.0.113.0', 24, 'documentation'),
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'),
];

/**
 * IPv6 ranges refused outright. Anything outside 2000::/3 (global unicast) is refused as well, so
 * unassigned space fails closed; the entries outside 2000::/3 are here only to give a precise label.
 */
const IPV6_FORBIDDEN: readonly Cidr[] = [
  v6('::', 128, 'unspecified'),
  v6('::1', 128, 'loopback'),
  v6('::', 96, 'ipv4-compatible'),
  v6('64:ff9b:1::', 48, 'nat64-local'),
  v6('100::', 64, 'discard'),
  // Includes Teredo (2001::/32), whose embedded IPv4 is obfuscated; refusing is simpler than decoding.
  v6('2001::', 23, 'ietf-protocol-assignments'),
  v6('2001:db8::', 32, 'documentation'),
  v6('3fff::', 20, 'documentation'),
  v6('5f00::', 16, 'srv6'),
  v6('fc00::', 7, 'unique-local'),
  v6('fe80::', 10, 'link-local'),
  v6('fec0::', 10, 'site-local'),
  v6('ff00::', 8, 'multicast'),
];

const GLOBAL_UNICAST = v6('2000::', 3, 'global-unicast');
const IPV4_MAPPED = v6('::ffff:0:0', 96, 'ipv4-mapped');
const NAT64 = v6('64:ff9b::', 96, 'nat64');
const SIX_TO_FOUR = v6('2002::', 16, '6to4');

/**
 * Classifies an IP address for the SSRF guard.
 *
 * Accepts canonical dotted-decimal IPv4 and any valid IPv6 text (with or without a zone id or
 * brackets). Anything else (hostnames, `2130706433`, `0x7f.1`, `0177.0.0.1`) is refused as
 * `not-an-ip`: by the time an address reaches this check it must already be in canonical form, and
 * a resolver answering with something else is not trusted.
 *
 * IPv6 addresses that embed an IPv4 address (IPv4-mapped `::ffff:0:0/96`, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`) are judged by the embedded address, so `::ffff:127.0.0.1` is loopback and
 * `64:ff9b::808:808` is as public as 8.8.8.8.
 *
 * @returns the range label when the address is forbidden, `undefined` when it is public.
 * @example
 * forbiddenRange('169.254.169.254'); // 'link-local'
 * forbiddenRange('::ffff:10.0.0.1'); // 'ipv4-mapped:private'
 * forbiddenRange('8.8.8.8'); // undefined
 */
export function forbiddenRange(ip: string): ForbiddenRange | undefined {
  const v4Bytes = parseIPv4(ip);
  if (v4Bytes) return matchIPv4(v4Bytes);
  const v6Bytes = parseIPv6(ip);
  if (!v6Bytes) return 'not-an-ip';
  return matchIPv6(v6Bytes);
}

/**
 * True when a connector must not connect to `ip`: see {@link forbiddenRange} for the ranges and the
 * treatment of embedded IPv4 addresses. Fails closed: text that is not a canonical IP is forbidden.
 *
 * @example
 * isForbiddenAddress('127.0.0.1'); // true
 * isForbiddenAddress('[::ffff:7f00:1]'); // true
 * isForbiddenAddress('2606:4700:4700::1111'); // false
 */
export function isForbiddenAddress(ip: string): boolean {
  return forbiddenRange(ip) !== undefined;
}

/**
 * True for loopback addresses (127/8, ::1, and 127/8 embedded in an IPv4-mapped IPv6 address): the only
 * addresses the development allowance opens.
 */
export function isLoopbackAddress(ip: string): boolean {
  const range = forbiddenRange(ip);
  return range === 'loopback' || range === 'ipv4-mapped:loopback';
}

function matchIPv4(bytes: Uint8Array): ForbiddenRange | undefined {
  return IPV4_FORBIDDEN.find((cidr) => inCidr(bytes, cidr))?.label;
}

function matchIPv6(bytes: Uint8Array): ForbiddenRange | undefined {
  // Embedded-IPv4 forms first: the IPv4 rules decide, and a public embedded address is allowed.
  for (const [cidr, offset] of [
    [IPV4_MAPPED, 12],
    [NAT64, 12],
    [SIX_TO_FOUR, 2],
  ] as const) {
    if (inCidr(bytes, cidr)) {
      const inner = matchIPv4(bytes.subarray(offset, offset + 4));
      return inner === undefined ? undefined : `${cidr.label}:${inner}`;
    }
  }
  const listed = IPV6_FORBIDDEN.find((cidr) => inCidr(bytes, cidr));
  if (listed) return listed.label;
  return inCidr(bytes, GLOBAL_UNICAST) ? undefined : 'not-global-unicast';
}

function inCidr(bytes: Uint8Array, cidr: Cidr): boolean {
  if (bytes.length !== cidr.bytes.length) return false;
  const whole = Math.floor(cidr.bits / 8);
  for (let i = 0; i < whole; i += 1) {
    if (bytes[i] !== cidr.bytes[i]) return false;
  }
  const rest = cidr.bits % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[whole] ?? 0) & mask) === ((cidr.bytes[whole] ?? 0) & mask);
}

/** Canonical dotted decimal only (`net.isIPv4` refuses leading zeros, hex and short forms). */
function parseIPv4(text: string): Uint8Array | undefined {
  if (!isIPv4(text)) return undefined;
  return Uint8Array.from(text.split('.').map(Number));
}

/** Any valid IPv6 text to 16 bytes; brackets (URL form) and a zone id are tolerated. */
function parseIPv6(raw: string): Uint8Array | undefined {
  let text = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (!isIPv6(text)) return undefined;

  // A dotted IPv4 tail stands for the last two groups.
  const groups: number[] = [];
  const expand = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const v4bytes = parseIPv4(piece);
        if (!v4bytes) return [Number.NaN];
        out.push(((v4bytes[0] ?? 0) << 8) | (v4bytes[1] ?? 0), ((v4bytes[2] ?? 0) << 8) | (v4bytes[3] ?? 0));
      } else {
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const gap = text.indexOf('::');
  if (gap === -1) {
    groups.push(...expand(text));
  } else {
    const head = expand(text.slice(0, gap));
    const tail = expand(text.slice(gap + 2));
    groups.push(...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail);
  }
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff))
    return undefined;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

function v4(text: string, bits: number, label: string): Cidr {
  const bytes = parseIPv4(text);
  if (!bytes) throw new Error(`bad IPv4 range literal ${text}`);
  return { bytes, bits, label };
}

function v6(text: string, bits: number, label: string): Cidr {
  const bytes = parseIPv6(text);
  if (!bytes) throw new Error(`bad IPv6 range literal ${text}`);
  return { bytes, bits, label };
}
