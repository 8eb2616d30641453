// The sensitive values the end-to-end tests send, and every form in which one could leak.
export const EMAIL = 'ann.lee@example.com';
export const PHONE = '+44 20 7946 0958';
export const CARD = '4111 1111 1111 1111';
export const IBAN = 'DE89 3704 0044 0532 0130 00';
export const KEY = 'sk-proj-DPWeWpnHxU2iuOslIE4aETda5PgDi6zj9HYuzDnY_txk370BpsV84YEZ';

export const SENSITIVE = `Reach ${EMAIL} or ${PHONE}; card ${CARD}; IBAN ${IBAN}; key ${KEY}.`;

/** Raw and compact forms: none may appear anywhere in what reached the upstream. */
export const LEAK_FORMS = [EMAIL, PHONE, CARD, IBAN, KEY, '4111111111111111', 'DE89370400440532013000', '442079460958', '7946 0958'];

export function leaks(text: string): string[] {
  return LEAK_FORMS.filter((v) => text.includes(v));
}
