// The real peers the tests run against, one row each: the command (or file) the tests call and
// the Debian package that provides it. The preflight (scripts/preflight.mjs) installs what is
// missing before the suite; add a row here when a test starts using a new tool.
export const PEERS = [
  { command: 'openssl', pkg: 'openssl', why: 'verifies every key, CSR, certificate and PKCS#12' },
  { command: 'curl', pkg: 'curl', why: 'independent TLS client' },
  { command: 'keytool', pkg: 'default-jdk-headless', why: 'opens PKCS#12 exports as Java does' },
  { command: 'certtool', pkg: 'gnutls-bin', why: 'opens PKCS#12 exports as GnuTLS does' },
  {
    command: 'pk12util',
    pkg: 'libnss3-tools',
    why: 'imports PKCS#12 exports into an NSS database',
  },
  { command: 'nginx', pkg: 'nginx', why: 'real mTLS server for probe scenarios' },
  {
    command: 'javac',
    pkg: 'default-jdk-headless',
    why: 'builds the Java JSSE mTLS server the probe tests run',
  },
  {
    command: 'go',
    pkg: 'golang-go',
    why: 'builds the Go crypto/tls mTLS server the probe tests run',
  },
  {
    command: 'apache2',
    pkg: 'apache2',
    why: 'runs the Apache httpd configuration server-config generates',
  },
  {
    command: 'haproxy',
    pkg: 'haproxy',
    why: 'runs the HAProxy configuration server-config generates',
  },
  { path: '/usr/bin/chromium', pkg: 'chromium', why: 'browser journeys (never downloaded)' },
  {
    path: '/usr/lib/python3/dist-packages/cryptography/__init__.py',
    file: true,
    pkg: 'python3-cryptography',
    why: "opens PKCS#12 exports as Python's cryptography does (Debian's python3)",
  },
  { command: 'unzip', pkg: 'unzip', why: 'reads the portal bundle as a user would' },
  {
    path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    file: true,
    pkg: 'fonts-noto-cjk',
    why: 'Japanese glyphs (Noto Sans CJK JP) for the Japanese journeys and their screenshots',
  },
  { command: 'strace', pkg: 'strace', why: 'watches every network call in the air-gap test' },
  { command: 'ip', pkg: 'iproute2', why: 'brings up loopback inside the air-gap namespace' },
  { command: 'pkill', pkg: 'procps', why: 'stops the app the air-gap test started' },
  {
    command: 'script',
    pkg: 'bsdutils',
    why: 'drives hidden passphrase prompts through a terminal',
  },
  {
    command: 'softhsm2-util',
    pkg: 'softhsm2',
    why: 'a real PKCS#11 token for the token-key tests',
  },
  {
    command: 'pkcs11-tool',
    pkg: 'opensc',
    why: 'reads token objects and their flags independently',
  },
  {
    path: '/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so',
    file: true,
    pkg: 'libengine-pkcs11-openssl',
    why: "OpenSSL's pkcs11 engine: Node's TLS signs with the token key",
  },
];
