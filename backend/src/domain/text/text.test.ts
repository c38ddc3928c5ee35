import { describe, expect, it } from 'vitest';
import {
  charNgrams,
  extractErrorSignatures,
  normaliseText,
  signatureTokens,
  tokenize,
  wordNgrams,
} from './index';

describe('normaliseText and tokenize', () => {
  it('folds compatibility forms, case and whitespace', () => {
    expect(normaliseText('Ｃheckout\u00a0\n FAILS')).toBe('checkout fails');
  });

  it('splits on punctuation in any script and joins apostrophes', () => {
    expect(tokenize("Checkout can't load: HTTP 502!")).toEqual(['checkout', 'cant', 'load', 'http', '502']);
    expect(tokenize('Überweisung fehlgeschlagen — платёж')).toEqual([
      'überweisung',
      'fehlgeschlagen',
      'платёж',
    ]);
    expect(tokenize('  ...  ')).toEqual([]);
  });
});

describe('n-grams', () => {
  it('builds word n-grams of exactly n tokens', () => {
    expect(wordNgrams(['a', 'b', 'c'], 2)).toEqual(['a b', 'b c']);
    expect(wordNgrams(['a'], 2)).toEqual([]);
  });

  it('builds character n-grams with word edges, counting code points', () => {
    expect(charNgrams('card', 3, 3)).toEqual(['<ca', 'car', 'ard', 'rd>']);
    expect(charNgrams('ab', 3, 4)).toEqual(['<ab', 'ab>', '<ab>']);
    expect(charNgrams('😀x', 3, 3)).toEqual(['<😀x', '😀x>']);
  });
});

describe('extractErrorSignatures', () => {
  const values = (text: string): string[] => extractErrorSignatures(text).map((s) => `${s.kind}=${s.value}`);

  it('finds exceptions, codes, statuses and versions in order', () => {
    expect(
      values('After upgrade to 4.2.1 checkout returns HTTP 502; log: java.lang.NullPointerException'),
    ).toEqual(['version=4.2.1', 'http-status=http:502', 'exception=NullPointerException']);
    expect(
      values('Got E1234 then ERR_CONNECTION_RESET and NS_ERROR_FAILURE (ECONNREFUSED, 0x80004005)'),
    ).toEqual([
      'error-code=E1234',
      'error-code=ERR_CONNECTION_RESET',
      'error-code=NS_ERROR_FAILURE',
      'error-code=ECONNREFUSED',
      'error-code=0x80004005',
    ]);
    expect(values('503 Service Unavailable')).toEqual(['http-status=http:503']);
  });

  it('keeps out the false friends', () => {
    // A bare "Error", amounts, IP addresses and upper-case words without ERR/FAIL are not signatures.
    expect(values('Error: costs 3.5 EUR at 192.168.0.1, MAX_SIZE reached')).toEqual([]);
    expect(values('version 2.53 and v1.2')).toEqual(['version=2.53', 'version=1.2']);
  });

  it('finds stack frames of several runtimes', () => {
    const text = [
      'at com.acme.Cart.checkout(Cart.java:42)',
      'File "app/cart.py", line 12, in total',
      'onLoad@chrome://messenger/content/msg.js:12:3',
      'crash [@ nsDocShell::Destroy ]',
    ].join('\n');
    expect(values(text)).toEqual([
      'stack-frame=com.acme.Cart.checkout@Cart.java',
      'stack-frame=total@cart.py',
      'stack-frame=onLoad@msg.js',
      'stack-frame=nsDocShell::Destroy',
    ]);
  });

  it('reports each signature once and as lower-cased tokens', () => {
    expect(signatureTokens('HTTP 500, again HTTP 500, TypeError')).toEqual([
      'http-status:http:500',
      'exception:typeerror',
    ]);
  });
});
