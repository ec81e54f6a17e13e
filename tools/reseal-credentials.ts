// `npm run credentials:reseal`: after putting a new key first in PPM_ENCRYPTION_KEYS, re-seals every gateway
// configuration's credentials under it. Old keys keep opening old rows until then, so this runs with no downtime;
// once it reports 0 left, the old key can be removed.
import { DataSource } from 'typeorm';
import { CredentialCipher, OutboxWriter, PostgresGatewayConfigurationRepository } from '@ppm/persistence';

const DEFAULT_URL = 'postgres://postgres:postgres@127.0.0.1:5432/ppm';

async function main(): Promise<void> {
  const keys = process.env['PPM_ENCRYPTION_KEYS'];
  if (!keys) throw new Error('set PPM_ENCRYPTION_KEYS (newest key first) to the keyring the command service uses');
  const cipher = CredentialCipher.fromKeyring(keys);
  const dataSource = await new DataSource({
    type: 'postgres',
    url: process.env['DATABASE_URL'] ?? DEFAULT_URL,
  }).initialize();
  try {
    process.stdout.write('[reseal] re-sealing gateway credentials under the newest key ...\n');
    const count = await new PostgresGatewayConfigurationRepository(dataSource, new OutboxWriter(), cipher).resealAll();
    process.stdout.write(`[reseal] re-sealed ${count} configuration(s); every row now opens with the newest key\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[reseal] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
