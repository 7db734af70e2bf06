// How every test and benchmark starts Debian's Chromium on this closed network: no browser is
// ever downloaded, and the flags keep Chromium from reaching for Google's hosts.
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
