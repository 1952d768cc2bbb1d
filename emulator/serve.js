#!/usr/bin/env node
// @ts-check
// Runs a seeded emulator until SIGINT or SIGTERM:
//   node emulator/serve.js [--port N] [--speed N] [--base-path /gitlab] [--host 127.0.0.1] [--tls]
//                          [--gitlab-version X.Y.Z] [--scenario NAME]
// and prints one JSON line {"url":…,"apiUrl":…,"seed":{…}} on stdout once it listens.
// With --tls it serves HTTPS with the public test certificate, which the line carries as "ca".

import { startEmulator } from './index.js';
import { applyScenario, scenario, scenarioList } from './scenarios.js';
import { TEST_TLS } from './tls-fixture.js';

const USAGE = `usage: node emulator/serve.js [--port N] [--speed N] [--base-path /gitlab] [--host 127.0.0.1] [--tls]
                               [--gitlab-version X.Y.Z] [--scenario NAME]

--gitlab-version X.Y.Z: the GitLab release to answer as (emulator/releases.js)
--scenario NAME: every pipeline of the seeded project runs this (default: passing):
${scenarioList()}
`;

/**
 * @param {string[]} argv
 * @returns {{ port: number, speed: number, basePath: string, host: string, tls: boolean,
 *   scenario: string, gitlabVersion?: string }}
 */
function parseArgs(argv) {
  /** @type {ReturnType<typeof parseArgs>} */
  const options = {
    port: 0,
    speed: 1,
    basePath: '',
    host: '127.0.0.1',
    tls: false,
    scenario: 'passing',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port':
        options.port = Number(value());
        break;
      case '--speed':
        options.speed = Number(value());
        break;
      case '--base-path':
        options.basePath = value();
        break;
      case '--host':
        options.host = value();
        break;
      case '--tls':
        options.tls = true;
        break;
      case '--gitlab-version':
        options.gitlabVersion = value();
        break;
      case '--scenario':
        options.scenario = value();
        scenario(options.scenario); // an unknown name fails here, listing the known ones
        break;
      case '--help':
        process.stdout.write(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}`);
    }
  }
  if (!Number.isInteger(options.port) || options.port < 0)
    throw new Error('--port must be a port number');
  if (!(options.speed > 0)) throw new Error('--speed must be a positive number');
  return options;
}

async function main() {
  const { tls, scenario: name, ...options } = parseArgs(process.argv.slice(2));
  /** @type {import('./index.js').Emulator | null} */
  let emu = null;
  // The handlers come first: a signal that arrives just after the line is printed must not
  // find the default action (death by signal) still in place.
  const stop = () => {
    if (emu) emu.close().then(() => process.exit(0));
    else process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  emu = await startEmulator({ ...options, seed: true, tls: tls ? TEST_TLS : undefined });
  applyScenario(emu, name);
  const line = {
    url: emu.url,
    apiUrl: emu.apiUrl,
    seed: emu.seed,
    scenario: name,
    ...(tls ? { ca: TEST_TLS.cert } : {}),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((error) => {
  process.stderr.write(
    `gitlab emulator: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(2);
});
