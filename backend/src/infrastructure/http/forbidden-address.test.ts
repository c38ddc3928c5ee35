import { describe, expect, it } from 'vitest';
import { forbiddenRange, isForbiddenAddress, isLoopbackAddress } from './index';

describe('isForbiddenAddress: IPv4', () => {
  it.each([
    ['0.0.0.0', 'this-network'],
    ['0.255.255.255', 'this-network'],
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.0', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'ietf-protocol-assignments'],
    ['192.0.2.1', 'documentation'],
    ['192.88.99.1', '6to4-relay'],
    ['192.168.0.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
  ])('%s is forbidden (%s)', (ip, range) => {
    expect(forbiddenRange(ip)).toBe(range);
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.0.1.255',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
  ])('%s is public', (ip) => {
    expect(forbiddenRange(ip)).toBeUndefined();
  });

  it.each([
    '2130706433',
    '0x7f000001',
    '0x7f.1',
    '017700000001',
    '0177.0.0.1',
    '127.1',
    '127.0.0.01',
    ' 8.8.8.8',
    '',
  ])('refuses the non-canonical spelling %j (fails closed)', (text) => {
    expect(forbiddenRange(text)).toBe('not-an-ip');
  });
});

describe('isForbiddenAddress: IPv6', () => {
  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::127.0.0.1', 'ipv4-compatible'],
    ['::8.8.8.8', 'ipv4-compatible'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['ff05::1:3', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001:db8:ffff::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001::1', 'ietf-protocol-assignments'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'ietf-protocol-assignments'],
    ['100::1', 'discard'],
    ['64:ff9b:1::a00:1', 'nat64-local'],
    ['5f00::1', 'srv6'],
    ['::ffff:0:127.0.0.1', 'not-global-unicast'],
    ['4000::1', 'not-global-unicast'],
    ['e000::1', 'not-global-unicast'],
  ])('%s is forbidden (%s)', (ip, range) => {
    expect(forbiddenRange(ip)).toBe(range);
  });

  it.each([
    ['::ffff:127.0.0.1', 'ipv4-mapped:loopback'],
    ['::ffff:7f00:1', 'ipv4-mapped:loopback'],
    ['0:0:0:0:0:ffff:7f00:0001', 'ipv4-mapped:loopback'],
    ['[::ffff:169.254.169.254]', 'ipv4-mapped:link-local'],
    ['::ffff:a9fe:a9fe', 'ipv4-mapped:link-local'],
    ['::ffff:10.1.2.3', 'ipv4-mapped:private'],
    ['::ffff:0.0.0.0', 'ipv4-mapped:this-network'],
    ['64:ff9b::127.0.0.1', 'nat64:loopback'],
    ['64:ff9b::a9fe:a9fe', 'nat64:link-local'],
    ['64:ff9b::c0a8:101', 'nat64:private'],
    ['2002:7f00:1::1', '6to4:loopback'],
    ['2002:a9fe:a9fe::', '6to4:link-local'],
  ])('judges the IPv4 embedded in %s (%s)', (ip, range) => {
    expect(forbiddenRange(ip)).toBe(range);
  });

  it.each([
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '2a00:1450:4001:80b::200e',
    '2001:200::1',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '64:ff9b::8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });

  it.each(['[::1', '::1]', 'fe80::1::2', '1:2:3:4:5:6:7:8:9', '::ffff:127.0.0.256', 'gggg::1', 'localhost'])(
    'refuses malformed %j',
    (text) => {
      expect(forbiddenRange(text)).toBe('not-an-ip');
    },
  );
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['169.254.169.254', false],
    ['::', false],
    ['8.8.8.8', false],
  ])('%s → %s', (ip, expected) => {
    expect(isLoopbackAddress(ip)).toBe(expected);
  });
});
