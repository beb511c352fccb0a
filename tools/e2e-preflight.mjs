// Fails fast, with instructions, when no browser is available for the end-to-end tests.
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(
    `e2e: no Chromium at ${path}.\n` +
      "  Install Debian's:  sudo apt-get install -y chromium\n" +
      '  or point CHROMIUM_PATH at a Chromium/Chrome binary:  CHROMIUM_PATH=/path/to/chrome npm test\n' +
      '  (Playwright cannot download its own browser on these machines.)',
  );
  process.exit(1);
}
