import { Injectable } from '@nestjs/common';
import { ErrorCode, fail, type Reply, type RequestEnvelope } from '@ppm/contracts';
import { canonicalJson, CredentialCipher, IdempotencyStore, requestFingerprint } from '@ppm/persistence';

/**
 * Runs a command at most once per idempotency key: the same key and body get the first reply again,
 * also when it was a refusal; another body gets IDEMPOTENCY_KEY_REUSED; a duplicate arriving while the first
 * still runs gets IDEMPOTENCY_KEY_IN_PROGRESS. A command without a key simply runs. A command that crashed
 * (threw) stores nothing, so a retry runs it again.
 */
@Injectable()
export class IdempotentExecution {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly cipher: CredentialCipher,
  ) {}

  /** `secretFields`: fields of the body that enter the stored fingerprint only as a keyed digest (credentials). */
  async run<T>(
    subject: string,
    envelope: RequestEnvelope<object>,
    execute: () => Promise<Reply<T>>,
    secretFields: readonly string[] = [],
  ): Promise<Reply<T>> {
    const key = envelope.meta.idempotencyKey;
    if (!key) return execute();
    const id = { tenantId: envelope.meta.tenantId, scope: subject, key };
    const claim = await this.store.claim(id, requestFingerprint(this.blinded(envelope.data, secretFields)));
    switch (claim.kind) {
      case 'replay':
        return claim.reply as Reply<T>;
      case 'reused':
        return fail(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used with a different request');
      case 'in_progress':
        return fail(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, 'A request with this idempotency key is still running');
      case 'claimed':
        break;
    }
    let reply: Reply<T>;
    try {
      reply = await execute();
    } catch (error) {
      await this.store.forget(id);
      throw error;
    }
    await this.store.complete(id, reply);
    return reply;
  }

  // A plain hash of a body holding credentials would let whoever reads the table confirm a guessed secret.
  private blinded(body: object, secretFields: readonly string[]): object {
    const fields = body as Record<string, unknown>;
    const digests = secretFields
      .filter((field) => fields[field] !== undefined)
      .map((field): [string, string] => [field, this.cipher.digest(canonicalJson(fields[field]))]);
    return { ...fields, ...Object.fromEntries(digests) };
  }
}
