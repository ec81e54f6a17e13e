import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { commaSeparatedItems } from '@ppm/observability';
import type { EncryptedSecret } from './encrypted-secret';

const KEY_BYTES = 32;
const IV_BYTES = 12;
// GCM accepts shorter tags, and each byte cut halves the work of forging one: only the full tag opens a secret.
const TAG_BYTES = 16;

/**
 * Seals gateway credentials with AES-256-GCM at the application level, so a database dump reveals no secret.
 * The keyring's first key seals; every key still opens what it sealed, so keys rotate without downtime: add a new
 * key in front, then re-seal rows (`needsResealing`) at leisure. The row's id is bound as additional data, so a
 * ciphertext copied onto another configuration does not open.
 */
export class CredentialCipher {
  private constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly activeKeyId: string,
    private readonly digestKey: Buffer,
  ) {}

  /** Parses `PPM_ENCRYPTION_KEYS`: `kid:base64key[,kid:base64key…]`, newest first; each key 32 bytes. */
  static fromKeyring(spec: string): CredentialCipher {
    const entries = commaSeparatedItems(spec).map((part) => {
      const separator = part.indexOf(':');
      const kid = part.slice(0, separator);
      const key = Buffer.from(part.slice(separator + 1), 'base64');
      if (separator < 1 || key.length !== KEY_BYTES) {
        throw new Error(`PPM_ENCRYPTION_KEYS: each entry must be kid:<base64 of ${KEY_BYTES} bytes>`);
      }
      return [kid, key] as const;
    });
    const first = entries[0];
    if (!first) throw new Error('PPM_ENCRYPTION_KEYS holds no key');
    const digestKey = Buffer.from(hkdfSync('sha256', first[1], Buffer.alloc(0), 'ppm credential digest', KEY_BYTES));
    return new CredentialCipher(new Map(entries), first[0], digestKey);
  }

  seal(secret: Readonly<Record<string, string>>, boundTo: string): EncryptedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.activeKeyId), iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
    return {
      v: 1,
      alg: 'AES-256-GCM',
      kid: this.activeKeyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
    };
  }

  /** Opens a sealed secret; throws when it was altered, bound to another row, or sealed with an unknown key. */
  open(sealed: EncryptedSecret, boundTo: string): Record<string, string> {
    const iv = Buffer.from(sealed.iv, 'base64');
    const tag = Buffer.from(sealed.tag, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new Error(`a sealed secret needs a ${IV_BYTES}-byte IV and a ${TAG_BYTES}-byte tag`);
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key(sealed.kid), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Record<string, string>;
  }

  /**
   * A keyed digest of a secret, for telling two requests' credentials apart (idempotency fingerprints) without
   * storing a plain hash that could confirm a guessed secret offline. Keyed by the newest key, so it changes when
   * keys rotate.
   */
  digest(canonicalSecret: string): string {
    return createHmac('sha256', this.digestKey).update(canonicalSecret).digest('hex');
  }

  /** Whether a secret was sealed with an older key and should be sealed again with the newest. */
  needsResealing(sealed: EncryptedSecret): boolean {
    return sealed.kid !== this.activeKeyId;
  }

  private key(kid: string): Buffer {
    const key = this.keys.get(kid);
    if (!key) throw new Error(`No encryption key ${kid} in PPM_ENCRYPTION_KEYS; add it back to open this secret`);
    return key;
  }
}
