import type { KeyObject } from 'node:crypto';

/** The algorithms a key pair may sign bearer tokens with: one per key type. */
export const KEY_PAIR_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;

/** An algorithm of a key pair. */
export type KeyPairAlgorithm = (typeof KEY_PAIR_ALGORITHMS)[number];

/** Every algorithm a bearer token may be signed with; `none` never is one. */
export type SigningAlgorithm = 'HS256' | KeyPairAlgorithm;

/**
 * The one algorithm a public or private key signs with here (RSA: RS256, P-256: ES256, Ed25519: EdDSA), or
 * undefined for any other key. Pinning one algorithm per key type is what makes a token whose `alg` differs from its
 * key's fail: there is no second algorithm the same key would also verify.
 */
export function algorithmOfKey(key: KeyObject): KeyPairAlgorithm | undefined {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'RS256';
    case 'ec':
      return key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'ES256' : undefined;
    case 'ed25519':
      return 'EdDSA';
    default:
      return undefined;
  }
}
