// Command lines the app shows on purpose, for what its own TLS cannot do (a key held on a
// token): the mtls-desk, curl and openssl s_client lines that run the same test. These are the
// only CLI words the app's pages carry; no PIN ever goes into them.

/** Quotes a value for a POSIX shell command line. */
function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command lines that run the same live test with the token key (no PIN in them). */
export function tokenProbeCommands(input: {
  url: string;
  certFile: string;
  keyUri: string;
  module: string;
}): { mtlsDesk: string; curl: string; openssl: string } {
  const { url, certFile, keyUri, module } = input;
  let host = url;
  try {
    const parsed = new URL(url);
    host = `${parsed.hostname}:${parsed.port || '443'}`;
  } catch {
    // shown as given
  }
  return {
    mtlsDesk: `mtls-desk probe ${shellQuote(url)} --cert ${shellQuote(certFile)} --key ${shellQuote(keyUri)} --module ${shellQuote(module)} --pin-env PKCS11_PIN`,
    curl: `curl --cert ${shellQuote(certFile)} --key ${shellQuote(keyUri)} --key-type ENG --engine pkcs11 ${shellQuote(url)}`,
    openssl: `openssl s_client -connect ${shellQuote(host)} -engine pkcs11 -keyform engine -key ${shellQuote(keyUri)} -cert ${shellQuote(certFile)}`,
  };
}
