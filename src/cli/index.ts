import { readFileSync } from 'node:fs';
import { main } from './main.js';

// undici 8 (proxies) and tls.setDefaultCACertificates (--ca-cert) need Node 22.19 or later;
// say so plainly rather than fail later with a library's TypeError.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `error: gitlab-trigger needs Node.js 22.19 or later (24 recommended); this is ${process.version}.\n`,
  );
  process.exit(2);
}

// A closed pipe on stdout (`gitlab-trigger tokens list | head -1`) is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
  writeOut: (text) => void process.stdout.write(text),
  writeErr: (text) => void process.stderr.write(text),
  readFile: (path) => readFileSync(path === '-' ? 0 : path, 'utf8'),
});
