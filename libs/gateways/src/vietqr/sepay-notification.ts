import { paymentCodeIn } from '@ppm/domain';
import { scalarText } from '../shared/scalar-text';

/**
 * A transaction SePay notifies (its webhook's JSON body): `id` (SePay's, unique), `gateway` (the bank's name),
 * `transactionDate` (`yyyy-MM-dd HH:mm:ss`, GMT+7), `accountNumber`, `code` (the payment code SePay recognised,
 * or null), `content`, `transferType` (`in` | `out`), `transferAmount` (VND), `accumulated`, `subAccount`,
 * `referenceCode` (the bank's reference of the transfer), `description`.
 */
export interface SepayNotification {
  id: string;
  accountNumber: string;
  transferType: string;
  transferAmount: string;
  content: string;
  code: string | null;
  referenceCode: string;
  transactionDate: string;
}

const REQUIRED = ['id', 'accountNumber', 'transferType', 'transferAmount', 'content'] as const;

/** The notification in a raw body, or null when it is not one (not JSON, a required field missing). */
export function readSepayNotification(rawBody: string): SepayNotification | null {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object') return null;
  const fields = body as Record<string, unknown>;
  if (REQUIRED.some((name) => fields[name] === undefined || fields[name] === null)) return null;
  const code = fields['code'];
  return {
    id: scalarText(fields['id']),
    accountNumber: scalarText(fields['accountNumber']),
    transferType: scalarText(fields['transferType']),
    transferAmount: scalarText(fields['transferAmount']),
    content: scalarText(fields['content']),
    code: code === undefined || code === null ? null : scalarText(code),
    referenceCode: scalarText(fields['referenceCode'] ?? ''),
    transactionDate: scalarText(fields['transactionDate'] ?? ''),
  };
}

/** The payment a transfer names: SePay's recognised code when it is one of ours, else a code in the content. */
export function paymentCodeOf(notification: SepayNotification): string | null {
  return paymentCodeIn(notification.code ?? '') ?? paymentCodeIn(notification.content);
}
