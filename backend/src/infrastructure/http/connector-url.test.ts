import { describe, expect, it } from 'vitest';
import { OutboundHttpError, type OutboundHttpErrorCode, validateConnectorUrl } from './index';

function codeOf(raw: string, allowInsecureLocal = false): OutboundHttpErrorCode | 'ok' {
  try {
    validateConnectorUrl(raw, { allowInsecureLocal });
    return 'ok';
  } catch (error) {
    return (error as { code: OutboundHttpErrorCode }).code;
  }
}

describe('validateConnectorUrl', () => {
  it('normalises an https URL', () => {
    const url = validateConnectorUrl('  https://Acme.Atlassian.NET:443/rest/./api/../api/3/?q=1#frag ');
    expect(url.href).toBe('https://acme.atlassian.net/rest/api/3/?q=1');
  });

  it('accepts public IP literals and keeps a non-default port', () => {
    expect(validateConnectorUrl('https://8.8.8.8:8443/x').href).toBe('https://8.8.8.8:8443/x');
    expect(validateConnectorUrl('https://[2606:4700:4700::1111]/').hostname).toBe('[2606:4700:4700::1111]');
  });

  it('shows what WHATWG parsing hands the guard for numeric IPv4 spellings', () => {
    expect(new URL('http://2130706433/').hostname).toBe('127.0.0.1');
    expect(new URL('http://0x7f.1/').hostname).toBe('127.0.0.1');
    expect(new URL('http://017700000001/').hostname).toBe('127.0.0.1');
    expect(new URL('https://0xa9fea9fe/').hostname).toBe('169.254.169.254');
  });

  it.each([
    'http://2130706433/',
    'http://0x7f.1/',
    'http://017700000001/',
    'https://2130706433/',
    'https://0x7f.1/',
    'https://017700000001/',
    'https://0x7f000001/',
    'https://127.1/',
    'https://127.0.0.1/',
    'https://0/',
    'https://0.0.0.0/',
    'https://169.254.169.254/latest/meta-data/',
    'https://2852039166/',
    'https://0xa9fea9fe/',
    'https://0251.0376.0251.0376/',
    'https://10.0.0.1/',
    'https://172.16.0.1/',
    'https://192.168.1.1/',
    'https://100.64.0.1/',
    'https://224.0.0.1/',
    'https://255.255.255.255/',
    'https://[::]/',
    'https://[::1]/',
    'https://[0:0:0:0:0:0:0:1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:7f00:1]/',
    'https://[::ffff:8.8.8.8]/',
    'https://[64:ff9b::a9fe:a9fe]/',
    'https://[64:ff9b::127.0.0.1]/',
    'https://[fc00::1]/',
    'https://[fd00:ec2::254]/',
    'https://[fe80::1]/',
    'https://[ff02::1]/',
    'https://[2001:db8::1]/',
    'https://localhost/',
    'https://LOCALHOST./',
    'https://api.localhost/',
  ])('refuses %s as forbidden_address', (raw) => {
    expect(codeOf(raw)).toBe('forbidden_address');
  });

  it.each([
    ['http://example.com/', 'unsupported_scheme'],
    ['ftp://example.com/', 'unsupported_scheme'],
    ['file:///etc/passwd', 'unsupported_scheme'],
    ['javascript:alert(1)', 'unsupported_scheme'],
    ['gopher://127.0.0.1:6379/_INFO', 'unsupported_scheme'],
    ['https://user:pass@example.com/', 'credentials_in_url'],
    ['https://token@example.com/', 'credentials_in_url'],
    ['https://:secret@example.com/', 'credentials_in_url'],
    ['not a url', 'invalid_url'],
    ['/relative/path', 'invalid_url'],
    ['https://', 'invalid_url'],
    ['https://[fe80::1%25eth0]/', 'invalid_url'],
    ['', 'invalid_url'],
    [`https://example.com/${'a'.repeat(2100)}`, 'invalid_url'],
  ])('refuses %s as %s', (raw, code) => {
    expect(codeOf(raw)).toBe(code);
  });

  it('never repeats the URL (it may hold a credential) in its messages', () => {
    for (const raw of [
      'https://user:hunter2@example.com/',
      'https://exa mple.com/?key=hunter2',
      'http://x/?key=hunter2',
    ]) {
      let thrown: unknown;
      try {
        validateConnectorUrl(raw);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(OutboundHttpError);
      expect(String(thrown)).not.toContain('hunter2');
      expect((thrown as Error).cause).toBeUndefined();
    }
  });

  describe('with the development allowance', () => {
    it.each([
      'http://127.0.0.1:8080/',
      'http://localhost:3000/x',
      'http://[::1]:9/',
      'https://127.0.0.1/',
      'http://2130706433/',
    ])('allows loopback %s', (raw) => {
      expect(codeOf(raw, true)).toBe('ok');
    });

    it.each([
      ['http://169.254.169.254/', 'forbidden_address'],
      ['http://10.0.0.1/', 'forbidden_address'],
      ['http://[::ffff:127.0.0.1]/', 'forbidden_address'],
      ['http://[fe80::1]/', 'forbidden_address'],
      ['http://example.com/', 'unsupported_scheme'],
      ['http://user:pw@127.0.0.1/', 'credentials_in_url'],
    ])('still refuses %s', (raw, code) => {
      expect(codeOf(raw, true)).toBe(code);
    });
  });
});
