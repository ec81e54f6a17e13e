import { Readable } from 'node:stream';
import { canonicalCsvHeader, canonicalCsvLine } from './canonical-csv';
import { csvRecords } from './csv-records';
import { parseSettlement, SettlementFormatError, type ParsedSettlementLine } from './settlement-parser';
import type { LayoutOverrides, SettlementGateway } from './settlement-layout';

function chunked(text: string, size: number): AsyncIterable<string> {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return Readable.from(chunks, { objectMode: true }) as AsyncIterable<string>;
}

async function parse(
  text: string,
  gateway: SettlementGateway,
  overrides?: LayoutOverrides,
  size = 7,
): Promise<ParsedSettlementLine[]> {
  const out: ParsedSettlementLine[] = [];
  for await (const line of parseSettlement(chunked(text, size), gateway, overrides)) out.push(line);
  return out;
}

describe('csvRecords', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, across any chunking, with their line numbers', async () => {
    const text = 'a,b\r\n"x, y","say ""hi""\nthere"\n\nlast,"q"""\n';
    for (const size of [1, 2, 3, 5, 100]) {
      const records = [];
      for await (const record of csvRecords(chunked(text, size))) records.push(record);
      expect(records).toEqual([
        { lineNumber: 1, cells: ['a', 'b'] },
        { lineNumber: 2, cells: ['x, y', 'say "hi"\nthere'] },
        { lineNumber: 5, cells: ['last', 'q"'] },
      ]);
    }
  });

  it('reports an unclosed quote and a quote inside a bare cell as problems, keeping the line number', async () => {
    const records = [];
    for await (const record of csvRecords(chunked('h\nab"c\n"open', 4))) records.push(record);
    expect(records).toMatchObject([
      { lineNumber: 1 },
      { lineNumber: 2, problem: 'a quote inside an unquoted cell' },
      { lineNumber: 3, problem: 'a quoted cell is never closed' },
    ]);
  });
});

describe('parseSettlement', () => {
  it('reads the VNPay layout: type 01 payment, 02/03 refund, PayDate in GMT+7 (a real date), fee and net', async () => {
    const text =
      'TmnCode,TxnRef,TransactionNo,Amount,Fee,NetAmount,PayDate,BankCode,TransactionType,Status\n' +
      'PPMDEMO1,ref1,14500001,150000,1650,148350,20261122143005,NCB,01,00\n' +
      'PPMDEMO1,ref1,14500002,40000,0,-40000,20261122150000,NCB,03,00\n' +
      'PPMDEMO1,ref2,14500003,50000,0,50000,20260230120000,NCB,01,00\n';
    expect(await parse(text, 'VNPAY')).toMatchObject([
      {
        ok: true,
        value: {
          lineNumber: 2,
          kind: 'PAYMENT',
          reference: 'ref1',
          gatewayTransactionId: '14500001',
          amount: 150_000,
          fee: 1_650,
          netAmount: 148_350,
          currency: null,
          settled: true,
          status: '00',
          settledAt: new Date('2026-11-22T07:30:05Z'),
        },
      },
      {
        ok: true,
        value: { lineNumber: 3, kind: 'REFUND', amount: 40_000, netAmount: -40_000 },
      },
      // 30 February: not rolled over into March.
      { ok: false, error: { lineNumber: 4, reason: 'PayDate "20260230120000" is not a time' } },
    ]);
  });

  it('reads the MoMo and ZaloPay layouts with epoch-ms times', async () => {
    const momo =
      'partnerCode,orderId,transId,amount,fee,netAmount,responseTime,type,resultCode\n' +
      'PPMDEMO,o1,4088878653,123456,1358,122098,1763796605000,payment,0\n' +
      'PPMDEMO,r1,4088878654,20000,0,-20000,1763796606000,refund,0\n';
    expect(await parse(momo, 'MOMO')).toMatchObject([
      { ok: true, value: { kind: 'PAYMENT', reference: 'o1', fee: 1358, settledAt: new Date(1763796605000) } },
      { ok: true, value: { kind: 'REFUND', reference: 'r1', gatewayTransactionId: '4088878654' } },
    ]);
    const zalopay =
      'app_id,app_trans_id,zp_trans_id,amount,fee,net_amount,server_time,type,status\n' +
      '2553,261122_1,261122000000001,150000,1650,148350,1763796605000,payment,1\n' +
      '2553,261122_1,261122000000002,150000,1650,148350,1763796605000,payment,2\n';
    expect(await parse(zalopay, 'ZALOPAY')).toMatchObject([
      { ok: true, value: { kind: 'PAYMENT', settled: true } },
      { ok: true, value: { kind: 'PAYMENT', settled: false, status: '2' } },
    ]);
  });

  it('reads a VietQR bank statement: the payment code inside the content, in/out, +07:00 times', async () => {
    const statement =
      'id,transaction_date,account_number,transfer_type,amount,content,reference_code\n' +
      '1,2026-12-01T14:02:37+07:00,0011001932418,in,120000,"MBVCB.1 ppm0123456789abcdef chuyen tien",FT1\n' +
      '2,2026-12-01T15:00:00+07:00,0011001932418,in,50000,tra tien an trua,FT2\n';
    expect(await parse(statement, 'VIETQR')).toMatchObject([
      {
        ok: true,
        value: {
          kind: 'PAYMENT',
          reference: 'PPM0123456789ABCDEF',
          gatewayTransactionId: 'FT1',
          amount: 120000,
          settled: true,
          settledAt: new Date('2026-12-01T07:02:37Z'),
        },
      },
      { ok: false, error: { lineNumber: 3, reason: 'content names no payment' } },
    ]);
  });

  it("reads a merchant's own column names and ×100 amounts through overrides", async () => {
    const text = 'Ref,No,Amt,Kind,Result\nref9,77,15000000,01,00\nref9,78,15000050,01,00\n';
    const overrides: LayoutOverrides = {
      columns: { reference: 'Ref', gatewayTransactionId: 'No', amount: 'Amt', type: 'Kind', status: 'Result' },
      amountUnitsPerMinor: 100,
    };
    expect(await parse(text, 'VNPAY', overrides)).toMatchObject([
      { ok: true, value: { reference: 'ref9', amount: 150_000, fee: 0, netAmount: 150_000 } },
      { ok: false, error: { lineNumber: 3, reason: 'Amt must be a positive whole number of gateway units' } },
    ]);
  });

  it('recognises the canonical format whatever the gateway, and round-trips what canonicalCsvLine writes', async () => {
    const line = {
      kind: 'REFUND' as const,
      reference: 'a,"b"',
      gatewayTransactionId: 'rf-1',
      amount: 5_000,
      fee: 10,
      netAmount: -5_010,
      currency: 'VND',
      settled: true,
      status: 'SUCCEEDED',
      settledAt: new Date('2026-11-22T01:02:03.000Z'),
    };
    const parsed = await parse(canonicalCsvHeader() + canonicalCsvLine(line), 'MOMO');
    expect(parsed).toEqual([{ ok: true, value: { lineNumber: 2, ...line } }]);
  });

  it('reports every bad line with its number and reason, and keeps reading', async () => {
    const text =
      canonicalCsvHeader() +
      'payment,p1,g1,100,0,100,VND,SUCCEEDED,2026-11-22T00:00:00Z\n' +
      'charge,p2,g2,100,0,100,VND,SUCCEEDED,\n' +
      'payment,p3,g3,12.5,0,12,VND,SUCCEEDED,\n' +
      'payment,p4,g4,100,0\n' +
      'payment,,g5,100,0,100,VND,SUCCEEDED,\n' +
      'payment,p6,g6,100,0,100,VND,SUCCEEDED,yesterday\n' +
      'payment,p7,g7,100,1,9x,VND,SUCCEEDED,\n' +
      'refund,p8,,100,0,-100,VND,SUCCEEDED,\n' +
      'payment,p9,g9,100,0,100,VND,SUCCEEDED,\n';
    const parsed = await parse(text, 'VNPAY');
    expect(parsed.filter((p) => p.ok).map((p) => (p.ok ? p.value.reference : ''))).toEqual(['p1', 'p9']);
    expect(parsed.flatMap((p) => (p.ok ? [] : [p.error]))).toEqual([
      { lineNumber: 3, reason: 'unknown type "charge"' },
      { lineNumber: 4, reason: 'amount must be a positive whole number of gateway units' },
      { lineNumber: 5, reason: 'expected 9 cells, found 5' },
      { lineNumber: 6, reason: 'reference must be 1-100 characters' },
      { lineNumber: 7, reason: 'settled_at "yesterday" is not a time' },
      { lineNumber: 8, reason: 'net_amount must be a whole number of gateway units' },
      { lineNumber: 9, reason: 'gateway_transaction_id must be 1-100 characters' },
    ]);
  });

  it('refuses a file without a header, or whose header lacks a required column, naming it', async () => {
    await expect(parse('', 'MOMO')).rejects.toThrow(SettlementFormatError);
    await expect(parse('partnerCode,orderId,amount,type\n', 'MOMO')).rejects.toThrow(
      'line 1: the momo settlement header lacks the column(s) transId',
    );
  });
});
