import { existsSync } from 'node:fs';

/** The Chromium binary the e2e tests drive: CHROMIUM_PATH if set, else Debian's. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function chromiumFound(): boolean {
  return existsSync(chromiumPath());
}

/** Flags from shared/FIELD-NOTES.md: WebGPU only with --enable-unsafe-webgpu; no background network. */
export function chromiumLaunchOptions() {
  return {
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--enable-unsafe-webgpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}
