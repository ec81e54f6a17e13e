import { randomBytes } from 'node:crypto';
import { CredentialCipher } from './credential-cipher';

const key = (): string => randomBytes(32).toString('base64');
const secret = { partnerCode: 'PPMDEMO', accessKey: 'PPMACCESSKEY', secretKey: 'ppm-momo-secret' };

describe('CredentialCipher', () => {
  const k1 = `k1:${key()}`;
  const k2 = `k2:${key()}`;

  it('seals so that no secret value appears in what is stored, and opens it back', () => {
    const cipher = CredentialCipher.fromKeyring(k1);
    const sealed = cipher.seal(secret, 'cfg-1');
    const stored = JSON.stringify(sealed);
    for (const value of Object.values(secret)) expect(stored).not.toContain(value);
    expect(sealed).toMatchObject({ v: 1, alg: 'AES-256-GCM', kid: 'k1' });
    expect(cipher.open(sealed, 'cfg-1')).toEqual(secret);
  });

  it('refuses a changed ciphertext and a ciphertext moved to another configuration', () => {
    const cipher = CredentialCipher.fromKeyring(k1);
    const sealed = cipher.seal(secret, 'cfg-1');
    const flipped = Buffer.from(sealed.ct, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => cipher.open({ ...sealed, ct: flipped.toString('base64') }, 'cfg-1')).toThrow();
    expect(() => cipher.open(sealed, 'cfg-2')).toThrow();
  });

  it('opens only with the full 16-byte tag and a 12-byte IV (a truncated tag would be far easier to forge)', () => {
    const cipher = CredentialCipher.fromKeyring(k1);
    const sealed = cipher.seal(secret, 'cfg-1');
    const truncatedTag = Buffer.from(sealed.tag, 'base64').subarray(0, 4).toString('base64');
    expect(() => cipher.open({ ...sealed, tag: truncatedTag }, 'cfg-1')).toThrow(/16-byte tag/);
    const longIv = Buffer.concat([Buffer.from(sealed.iv, 'base64'), Buffer.alloc(4)]).toString('base64');
    expect(() => cipher.open({ ...sealed, iv: longIv }, 'cfg-1')).toThrow(/12-byte IV/);
  });

  it('digests a secret with a key of its own: stable for one keyring, unlike a plain hash of the secret', () => {
    const cipher = CredentialCipher.fromKeyring(k1);
    const text = JSON.stringify(secret);
    expect(cipher.digest(text)).toBe(CredentialCipher.fromKeyring(k1).digest(text));
    expect(cipher.digest(text)).not.toBe(CredentialCipher.fromKeyring(k2).digest(text));
    expect(cipher.digest(text)).not.toBe(cipher.digest(JSON.stringify({ ...secret, secretKey: 'other' })));
  });

  it('rotates: a new key seals, the old one still opens, and old rows are flagged for resealing', () => {
    const before = CredentialCipher.fromKeyring(k1).seal(secret, 'cfg-1');
    const rotated = CredentialCipher.fromKeyring(`${k2},${k1}`);
    expect(rotated.open(before, 'cfg-1')).toEqual(secret);
    expect(rotated.needsResealing(before)).toBe(true);
    const resealed = rotated.seal(rotated.open(before, 'cfg-1'), 'cfg-1');
    expect(resealed.kid).toBe('k2');
    expect(rotated.needsResealing(resealed)).toBe(false);
    expect(() => CredentialCipher.fromKeyring(k1).open(resealed, 'cfg-1')).toThrow(/No encryption key k2/);
  });

  it('refuses a keyring entry that is not a 32-byte key', () => {
    expect(() => CredentialCipher.fromKeyring('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => CredentialCipher.fromKeyring('')).toThrow(/no key/);
  });
});
