import { foldToAscii } from '../shared/ascii-fold';
import { DomainError } from '../shared/domain-error';
import { DomainErrorCode } from '../shared/domain-error-codes';
import { failure, success, type Result } from '../shared/result';
import { emvCrc } from './emv-crc';
import { emvField, readEmvFields, type EmvField } from './emv-tlv';

/** NAPAS's application id in the merchant account field (38/00). */
export const NAPAS_GUID = 'A000000727';
/** NAPAS 247 transfer to an account (38/02); `QRIBFTTC` would be to a card. */
export const VIETQR_ACCOUNT_SERVICE = 'QRIBFTTA';
/** EMVCo's purpose-of-transaction limit (62/08): the longest transfer content a VietQR payload carries. */
export const VIETQR_MAX_PURPOSE_LENGTH = 25;

const VND_NUMERIC = '704';
const MAX_AMOUNT_DIGITS = 13;

/** What a VietQR code asks the payer's bank app to do. */
export interface VietQrPayload {
  /** NAPAS acquirer id of the receiving bank, 6 digits. */
  bankBin: string;
  accountNumber: string;
  /** In VND; null for a static code, where the payer types the amount. */
  amount: bigint | null;
  /** The transfer content the payer's bank sends with the money; null when none. */
  purpose: string | null;
}

/**
 * The transfer content a payload can carry: Vietnamese folded to ASCII, anything but letters, digits and spaces
 * made a space, spaces collapsed. Banks rewrite other characters in their own ways, which would lose the
 * payment code the content carries.
 */
export function vietQrPurpose(text: string): string {
  return foldToAscii(text)
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The EMVCo merchant-presented payload of a VietQR code, as NAPAS specifies it: dynamic (`01`=`12`) with an
 * amount, static (`11`) without, ending in its CRC-16/CCITT-FALSE. The purpose is folded to ASCII; one longer
 * than 25 characters is refused rather than cut, since it carries the code that matches the transfer.
 */
export function buildVietQrPayload(payload: VietQrPayload): Result<string> {
  const refusal = invalidPayload(payload);
  if (refusal) return failure(new DomainError(DomainErrorCode.VALIDATION_ERROR, refusal, { field: 'vietqr' }));
  const purpose = payload.purpose === null ? '' : vietQrPurpose(payload.purpose);
  const account = emvField('00', payload.bankBin) + emvField('01', payload.accountNumber);
  const body = [
    emvField('00', '01'),
    emvField('01', payload.amount === null ? '11' : '12'),
    emvField('38', emvField('00', NAPAS_GUID) + emvField('01', account) + emvField('02', VIETQR_ACCOUNT_SERVICE)),
    emvField('53', VND_NUMERIC),
    payload.amount === null ? '' : emvField('54', payload.amount.toString()),
    emvField('58', 'VN'),
    purpose === '' ? '' : emvField('62', emvField('08', purpose)),
    '6304',
  ].join('');
  return success(body + emvCrc(body));
}

/** Reads a VietQR payload back, refusing one whose CRC, structure or NAPAS fields are wrong. */
export function parseVietQrPayload(text: string): Result<VietQrPayload> {
  const refuse = (reason: string) =>
    failure(new DomainError(DomainErrorCode.VALIDATION_ERROR, `Not a VietQR payload: ${reason}`, { field: 'vietqr' }));
  const crcAt = text.length - 8;
  if (crcAt < 0 || text.slice(crcAt, crcAt + 4) !== '6304') return refuse('it does not end with its CRC field');
  if (emvCrc(text.slice(0, crcAt + 4)) !== text.slice(crcAt + 4)) return refuse('the CRC does not match');
  const fields = readEmvFields(text.slice(0, crcAt));
  if (!fields) return refuse('a field is malformed');
  const top = byId(fields);
  const merchant = byId(readEmvFields(top.get('38') ?? '') ?? []);
  const account = byId(readEmvFields(merchant.get('01') ?? '') ?? []);
  const additional = byId(readEmvFields(top.get('62') ?? '') ?? []);
  if (top.get('00') !== '01') return refuse('the format indicator is not 01');
  if (merchant.get('00') !== NAPAS_GUID) return refuse('the merchant account is not NAPAS’s');
  if (top.get('53') !== VND_NUMERIC) return refuse('the currency is not VND');
  const amountText = top.get('54');
  if (amountText !== undefined && !/^[1-9]\d*$/.test(amountText)) return refuse('the amount is not whole VND');
  const payload: VietQrPayload = {
    bankBin: account.get('00') ?? '',
    accountNumber: account.get('01') ?? '',
    amount: amountText === undefined ? null : BigInt(amountText),
    purpose: additional.get('08') ?? null,
  };
  const invalid = invalidPayload(payload);
  return invalid ? refuse(invalid) : success(payload);
}

function invalidPayload({ bankBin, accountNumber, amount, purpose }: VietQrPayload): string | null {
  if (!/^\d{6}$/.test(bankBin)) return 'the bank BIN must be 6 digits';
  if (!/^[A-Za-z0-9]{1,19}$/.test(accountNumber)) return 'the account number must be 1 to 19 letters or digits';
  if (amount !== null && (amount < 1n || amount.toString().length > MAX_AMOUNT_DIGITS)) {
    return `the amount must be 1 to ${MAX_AMOUNT_DIGITS} digits of VND`;
  }
  if (purpose !== null && vietQrPurpose(purpose).length > VIETQR_MAX_PURPOSE_LENGTH) {
    return `the purpose must be at most ${VIETQR_MAX_PURPOSE_LENGTH} characters`;
  }
  return null;
}

function byId(fields: EmvField[]): Map<string, string> {
  return new Map(fields.map((field) => [field.id, field.value]));
}
