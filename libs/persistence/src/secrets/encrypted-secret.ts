/** How a secret is stored (the `configuration_details` column): AES-256-GCM with the id of the key that sealed it. */
export interface EncryptedSecret {
  v: 1;
  alg: 'AES-256-GCM';
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}
