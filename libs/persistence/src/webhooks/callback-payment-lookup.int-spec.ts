import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import { createIsolatedDatabase, requireServers, type IsolatedDatabase } from '@ppm/testing';
import { CallbackPaymentLookup } from './callback-payment-lookup';

describe('CallbackPaymentLookup on a real Postgres', () => {
  let database: IsolatedDatabase;
  let dataSource: DataSource;
  let lookup: CallbackPaymentLookup;

  const insertConfiguration = async (tenantId: string): Promise<string> => {
    const [row] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO payment_gateway_configurations (tenant_id, gateway_type, name, configuration_details, merchant_id,
                                                   supported_payment_methods, is_active)
       VALUES ($1, 'VNPAY', $2, '{}'::jsonb, 'TMNSHARED', ARRAY['E_WALLET'], false) RETURNING id`,
      [tenantId, randomUUID()],
    );
    return row.id;
  };
  const insertPayment = async (
    tenantId: string,
    gatewayType: string,
    reference: string,
    configurationId: string | null,
  ): Promise<string> => {
    const [row] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO payment_transactions (tenant_id, amount, currency, payment_method_type, source_bounded_context,
                                         source_transaction_id, gateway_type, gateway_reference, payment_gateway_id)
       VALUES ($1, 150000, 'VND', 'E_WALLET', 'orders', $2, $3, $4, $5) RETURNING id`,
      [tenantId, randomUUID(), gatewayType, reference, configurationId],
    );
    return row.id;
  };

  beforeAll(async () => {
    await requireServers('postgres');
    database = await createIsolatedDatabase(migrateDatabase);
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    lookup = new CallbackPaymentLookup(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it("finds the payment of a gateway's reference in whichever tenant holds it, with the configuration that opened it", async () => {
    const [tenantA, tenantB] = [randomUUID(), randomUUID()];
    const configurationB = await insertConfiguration(tenantB);
    await insertPayment(tenantA, 'VNPAY', 'REF-A', await insertConfiguration(tenantA));
    const paymentB = await insertPayment(tenantB, 'VNPAY', 'REF-B', configurationB);
    await insertPayment(tenantB, 'MOMO', 'REF-MOMO', null);

    expect(await lookup.find('VNPAY', 'REF-B')).toEqual({
      transactionId: paymentB,
      tenantId: tenantB,
      gatewayConfigurationId: configurationB,
    });
    expect(await lookup.find('MOMO', 'REF-MOMO')).toMatchObject({ tenantId: tenantB, gatewayConfigurationId: null });
    expect(await lookup.find('MOMO', 'REF-B')).toBeNull();
    expect(await lookup.find('VNPAY', 'REF-UNKNOWN')).toBeNull();
  });
});
