#!/usr/bin/env node
// Browser tests run in Debian's Chromium, never a downloaded browser build.
// Finds it; as root with apt-get, installs it; otherwise says in one sentence what to run.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const wanted = process.env.PLUMB_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(wanted)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt && !process.env.PLUMB_CHROMIUM) {
  console.log('Chromium not found at /usr/bin/chromium: installing Debian\'s chromium package (apt-get)…');
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation', {
      stdio: 'inherit',
    });
  } catch {
    // fall through to the message below
  }
  if (existsSync(wanted)) process.exit(0);
}
console.error(
  `Browser tests need Chromium at ${wanted}: run "sudo apt-get install -y chromium fonts-liberation" (or set PLUMB_CHROMIUM to a Chromium binary) and try again.`,
);
process.exit(1);
