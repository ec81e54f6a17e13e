import type { ReactNode } from 'react';

/** The credentials each gateway's configuration takes; all are write-only. */
export const CREDENTIAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  VNPAY: ['tmnCode', 'hashSecret'],
  MOMO: ['partnerCode', 'accessKey', 'secretKey'],
  ZALOPAY: ['appId', 'key1', 'key2'],
};

/**
 * Password fields the browser neither fills nor remembers: what is typed goes to the gateway once and is never
 * shown again (the API never answers it).
 */
export function CredentialFields({
  gatewayType,
  values,
  onChange,
}: {
  gatewayType: string;
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}): ReactNode {
  return (
    <fieldset>
      <legend>{gatewayType}</legend>
      {(CREDENTIAL_FIELDS[gatewayType] ?? []).map((field) => (
        <label key={field}>
          {field}
          <input
            name={field}
            type="password"
            autoComplete="new-password"
            required
            value={values[field] ?? ''}
            onChange={(event) => onChange({ ...values, [field]: event.target.value })}
          />
        </label>
      ))}
    </fieldset>
  );
}
