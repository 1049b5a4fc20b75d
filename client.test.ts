import { describe, expect, it } from 'vitest';
import { ProxyTrust } from './client.ts';
import { loadConfig } from './config.ts';

describe('TRUST_PROXY', () => {
  it('is off unless set, and takes addresses and CIDR ranges', () => {
    for (const off of [undefined, '', '0', 'false', 'off']) expect(ProxyTrust.parse(off)).toBeNull();
    const t = ProxyTrust.parse('127.0.0.1, 10.0.0.0/8,::1')!;
    expect(['127.0.0.1', '10.1.2.3', '::1'].map((a) => t.trusts(a))).toEqual([true, true, true]);
    expect(['127.0.0.2', '11.0.0.1', '::2', null, 'garbage'].map((a) => t.trusts(a))).toEqual([false, false, false, false, false]);
  });

  it('refuses what is not an address, at start-up, naming the setting', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: "true" is not an IP address or a CIDR range/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY: "10.0.0.0\/33" has an invalid prefix length/);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy?.entries).toEqual(['127.0.0.1']);
    expect(loadConfig({}).trustProxy).toBeNull();
  });
});
