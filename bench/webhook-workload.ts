// The webhook workload: a gateway's signed success callback to the worker, built and signed as the sandbox does.
import { failure, success } from '@ppm/domain';
import { gmt7Timestamp, momoSign, vnpaySignParams, zalopayCallbackMac } from '@ppm/gateways';
import type { BenchWorkload } from './bench-scenario';
import { keepAliveClient, type HttpAnswer } from './http-client';
import { errorCode, type Outcome, type Workload } from './workload';

/** Sends a gateway's signed success callback to the worker, built and signed as the gateway (the sandbox) does. */
export function webhookWorkload(workload: Extract<BenchWorkload, { kind: 'webhook' }>, concurrency: number): Workload {
  const client = keepAliveClient(workload.workerUrl, concurrency);
  const base = new URL(`${workload.workerUrl}/api/v1/internal/ppm/gateway/webhook/`).pathname;
  const send = (method: 'GET' | 'POST', path: string, body: string | undefined): Promise<HttpAnswer> =>
    client.send(method, `${base}${path}`, body);
  return {
    run: (i) => {
      const payment = workload.payments[i];
      if (!payment) return undefined;
      const transactionNo = 10_000_000 + i;
      const now = new Date();
      return (async (): Promise<Outcome> => {
        try {
          switch (payment.gatewayType) {
            case 'VNPAY': {
              const merchant = workload.merchants.VNPAY;
              const params: Record<string, string> = {
                vnp_Amount: String(payment.amount * 100),
                vnp_BankCode: 'NCB',
                vnp_BankTranNo: `VNP${transactionNo}`,
                vnp_CardType: 'ATM',
                vnp_OrderInfo: `Thanh toan don hang ${payment.gatewayReference}`,
                vnp_PayDate: gmt7Timestamp(now),
                vnp_ResponseCode: '00',
                vnp_TmnCode: merchant['tmnCode'] ?? '',
                vnp_TransactionNo: String(transactionNo),
                vnp_TransactionStatus: '00',
                vnp_TxnRef: payment.gatewayReference,
              };
              const query = new URLSearchParams({
                ...params,
                vnp_SecureHash: vnpaySignParams(params, merchant['hashSecret'] ?? ''),
              });
              const reply = await send('GET', `vnpay?${query.toString()}`, undefined);
              const code = (JSON.parse(reply.text || '{}') as { RspCode?: string }).RspCode;
              return code === '00' ? success(null) : failure(`RspCode=${code ?? reply.status}`);
            }
            case 'MOMO': {
              const merchant = workload.merchants.MOMO;
              const ipn = {
                partnerCode: merchant['partnerCode'],
                orderId: payment.gatewayReference,
                requestId: payment.gatewayReference,
                amount: payment.amount,
                orderInfo: `Bench order ${payment.gatewayReference}`,
                orderType: 'momo_wallet',
                transId: transactionNo,
                resultCode: 0,
                message: 'Successful.',
                payType: 'qr',
                responseTime: now.getTime(),
                extraData: '',
              };
              const signature = momoSign(
                'ipn',
                { ...ipn, accessKey: merchant['accessKey'] },
                merchant['secretKey'] ?? '',
              );
              const reply = await send('POST', 'momo', JSON.stringify({ ...ipn, signature }));
              return reply.status === 204 ? success(null) : failure(`HTTP ${reply.status}`);
            }
            case 'ZALOPAY': {
              const merchant = workload.merchants.ZALOPAY;
              const data = JSON.stringify({
                app_id: Number(merchant['appId']),
                app_trans_id: payment.gatewayReference,
                app_time: now.getTime() - 1_000,
                app_user: 'bench',
                amount: payment.amount,
                embed_data: '{}',
                item: '[]',
                zp_trans_id: transactionNo,
                server_time: now.getTime(),
                channel: 38,
                merchant_user_id: 'bench',
                user_fee_amount: 0,
                discount_amount: 0,
              });
              const mac = zalopayCallbackMac(merchant['key2'] ?? '', data);
              const reply = await send('POST', 'zalopay', JSON.stringify({ data, mac, type: 1 }));
              const code = (JSON.parse(reply.text || '{}') as { return_code?: number }).return_code;
              return code === 1 ? success(null) : failure(`return_code=${code ?? reply.status}`);
            }
          }
        } catch (error) {
          return failure(errorCode(error));
        }
      })();
    },
    close: () => {
      client.close();
      return Promise.resolve();
    },
  };
}
