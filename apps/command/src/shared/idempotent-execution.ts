import { Injectable } from '@nestjs/common';
import { ErrorCode, fail, type Reply } from '@ppm/contracts';
import {
  canonicalJson,
  CredentialCipher,
  IdempotencyStore,
  requestFingerprint,
  type EncryptedSecret,
  type IdempotencyScope,
} from '@ppm/persistence';
import { ClaimedKey, KEY_TAKEN_REPLY } from './claimed-key';
import type { IdempotentCommand } from './idempotent-command';
import { OutcomeNotRecordedError } from './outcome-not-recorded.error';
import type { IdempotencyRule } from './idempotency-rule';

/**
 * Runs a command at most once per idempotency key: the same key and body get the first reply again,
 * also when it was a refusal; another body gets IDEMPOTENCY_KEY_REUSED; a duplicate arriving while the first
 * still runs gets IDEMPOTENCY_KEY_IN_PROGRESS. A command without a key simply runs. A command that crashed
 * (threw) stores no reply, so a retry runs it again (and continues the payment it created, if any). The body's
 * fingerprint is computed here only, and handed to the command with the claimed key.
 */
@Injectable()
export class IdempotentExecution {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly cipher: CredentialCipher,
  ) {}

  async run<T>(
    rule: IdempotencyRule,
    command: IdempotentCommand<object, Reply<T>>,
    execute: () => Promise<Reply<T>>,
  ): Promise<Reply<T>> {
    const key = command.meta.idempotencyKey;
    if (!key) return execute();
    const id = { tenantId: command.meta.tenantId, scope: rule.scope, key };
    const fingerprint = requestFingerprint(this.blinded(command.data, rule.secretFields ?? []));
    let refusal: Reply<T> | undefined;
    if (rule.claimedByFirstWrite) {
      // The hot path: the key is claimed by the command's first write and completed by its last, in their own
      // statements. A run whose write did not claim it wrote no payment. A refusal before writing is the key's reply
      // once the key is claimed, without a second run. KEY_TAKEN_REPLY asks for the key first: another request holds
      // it, or the command must hold it before a side effect (a blocked payment's record); it runs again holding it.
      command.claimedKey = new ClaimedKey(id, fingerprint, null, false);
      const reply = await this.runUnder(command.claimedKey, rule, execute);
      if (command.claimedKey.held) return reply;
      if (reply !== KEY_TAKEN_REPLY) refusal = reply;
    }
    const claim = await this.store.claim(id, fingerprint);
    switch (claim.kind) {
      case 'replay':
        return this.opened(claim.reply as Reply<T>, id, rule.secretReplyFields ?? []);
      case 'reused':
        return fail(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used with a different request');
      case 'in_progress':
        return fail(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, 'A request with this idempotency key is still running');
      case 'claimed':
        break;
    }
    const interrupted = claim.paymentTransactionId ?? null;
    command.claimedKey = new ClaimedKey(id, fingerprint, interrupted, true);
    // An earlier run under this key left a payment: the command continues it rather than answer the refusal.
    const settled = refusal;
    return this.runUnder(command.claimedKey, rule, settled && !interrupted ? () => Promise.resolve(settled) : execute);
  }

  // Runs the command and stores its reply, unless one of its writes did; a key held and not completed when the
  // command throws is let go of, so that a retry runs it again.
  private async runUnder<T>(claimed: ClaimedKey, rule: IdempotencyRule, execute: () => Promise<Reply<T>>) {
    let reply: Reply<T>;
    try {
      reply = await execute();
    } catch (error) {
      if (claimed.held && !claimed.completed) await this.store.release(claimed.id);
      throw error;
    }
    if (!claimed.held || claimed.completed) return reply;
    try {
      await this.store.complete(claimed.id, this.sealed(reply, claimed.id, rule.secretReplyFields ?? []));
    } catch (error) {
      throw new OutcomeNotRecordedError(error);
    }
    return reply;
  }

  // A reply's secret stored in plain text would outlive its one showing in the idempotency table.
  private sealed<T>(reply: Reply<T>, id: IdempotencyScope, fields: readonly string[]): Reply<T> {
    if (!reply.success || fields.length === 0) return reply;
    const data = reply.data as Record<string, unknown>;
    const secrets = fields
      .filter((field) => typeof data[field] === 'string')
      .map((field): [string, EncryptedSecret] => [
        field,
        this.cipher.seal({ value: data[field] as string }, boundTo(id)),
      ]);
    return { ...reply, data: { ...data, ...Object.fromEntries(secrets) } as T };
  }

  private opened<T>(reply: Reply<T>, id: IdempotencyScope, fields: readonly string[]): Reply<T> {
    if (!reply.success || fields.length === 0) return reply;
    const data = reply.data as Record<string, unknown>;
    const secrets = fields
      .filter((field) => data[field] !== undefined)
      .map((field): [string, string | undefined] => [
        field,
        this.cipher.open(data[field] as EncryptedSecret, boundTo(id))['value'],
      ]);
    return { ...reply, data: { ...data, ...Object.fromEntries(secrets) } as T };
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

function boundTo({ tenantId, scope, key }: IdempotencyScope): string {
  return `idempotency:${tenantId}:${scope}:${key}`;
}
