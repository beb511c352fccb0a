// Node resolve hooks for the CLIs, so tfjs loads as ONE module instance. src/agent/tf/core.ts
// imports tfjs-core's ESM gradient registrations, while a bare '@tensorflow/tfjs-core' resolves in
// Node to the CommonJS bundle: two engines, tensors of one meeting the ops of the other (crash in
// backprop). Sending every bare tfjs import to its ESM build ("module" field) keeps one instance;
// the ESM build imports extensionless paths ('./gradients' is both a file and a folder), which
// Node refuses, so those get '.js'.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const esmEntry = new Map();

function moduleEntry(pkg) {
  if (!esmEntry.has(pkg)) {
    const pkgJson = require.resolve(`${pkg}/package.json`);
    const meta = JSON.parse(readFileSync(pkgJson, 'utf8'));
    esmEntry.set(pkg, meta.module ? pathToFileURL(join(dirname(pkgJson), meta.module)).href : null);
  }
  return esmEntry.get(pkg);
}

export async function resolve(specifier, context, next) {
  if (/^@tensorflow\/tfjs-(core|backend-[a-z]+)$/.test(specifier)) {
    const url = moduleEntry(specifier);
    if (url) return { url, format: 'module', shortCircuit: true };
  }
  const parent = context.parentURL ?? '';
  if (parent.includes('/@tensorflow/') && specifier.startsWith('.') && !/\.(m?js|json)$/.test(specifier)) {
    try {
      return await next(`${specifier}.js`, context);
    } catch {
      return next(`${specifier}/index.js`, context);
    }
  }
  return next(specifier, context);
}
