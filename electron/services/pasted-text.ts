// What a person typed or pasted, as an error message may show it. Messages reach stderr, --json
// output and the app over IPC: a pasted key (one-line base64, PEM) must never travel with them, so
// only short plain text is quoted and anything else is described by its length.

const MAX_QUOTED = 64;
/** PEM armour, or a run of base64 (or base64url) long enough to be key material. */
const ENCODED = /-----|[A-Za-z0-9+/=_-]{32,}/;

/** `"api_bank.example"`, or `a 1,663-character value`. */
export function quoteInput(text: string): string {
  return text.length <= MAX_QUOTED && !ENCODED.test(text)
    ? `"${text}"`
    : `a ${text.length.toLocaleString('en-US')}-character value`;
}
