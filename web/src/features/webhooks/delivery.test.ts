import { describe, expect, it } from 'vitest';
import { deliveryState, errorInWords, formatDuration, looksLikeUrl } from './delivery';

describe('deliveryState', () => {
  it('names a tried pending delivery retrying, an untried one pending', () => {
    expect(deliveryState({ status: 'pending', attempts: 0 })).toBe('pending');
    expect(deliveryState({ status: 'pending', attempts: 3 })).toBe('retrying');
    expect(deliveryState({ status: 'delivered', attempts: 1 })).toBe('delivered');
    expect(deliveryState({ status: 'failed', attempts: 8 })).toBe('failed');
  });
});

describe('formatDuration', () => {
  it('shows milliseconds under a second and seconds above, in each language', () => {
    expect(formatDuration(0, 'en')).toBe('0 ms');
    expect(formatDuration(412, 'en')).toBe('412 ms');
    expect(formatDuration(1340, 'en')).toBe('1.3 s');
    expect(formatDuration(1340, 'nl')).toBe('1,3 s');
    expect(formatDuration(12_400, 'nl')).toBe('12 s');
  });
});

describe('looksLikeUrl', () => {
  it('takes http and https addresses with a host', () => {
    expect(looksLikeUrl('https://hooks.example.com/loket')).toBe(true);
    expect(looksLikeUrl(' http://127.0.0.1:8081/hook ')).toBe(true);
    expect(looksLikeUrl('ftp://x.example')).toBe(false);
    expect(looksLikeUrl('https://')).toBe(false);
    expect(looksLikeUrl('https://a b')).toBe(false);
  });
});

describe('errorInWords', () => {
  const t = (key: string, o: Record<string, string> = {}) => `${key}|${Object.values(o).join('|')}`;
  it("puts the worker's three sentences in the UI's words and leaves the rest", () => {
    expect(errorInWords('the receiver answered 500 Internal Server Error', t)).toBe('log.errorAnswered|500|Internal Server Error');
    expect(errorInWords('no answer within 10 s', t)).toBe('log.errorTimeout|10');
    expect(errorInWords('could not reach the receiver: error sending request', t)).toBe('log.errorUnreachable|error sending request');
    expect(errorInWords('something else', t)).toBe('something else');
  });
});
