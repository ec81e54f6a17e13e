/**
 * The gateway's own numeric ids (VNPay TransactionNo, MoMo transId, ZaloPay zp_trans_id and refund_id). Seeded from
 * the clock, so a restarted sandbox does not hand out ids that PPM already stored (it deduplicates on them).
 */
export class NumericIdSequence {
  private last: number;

  constructor(seed: number) {
    this.last = seed;
  }

  next(): number {
    this.last += 1;
    return this.last;
  }
}
