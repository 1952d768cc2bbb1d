import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { Output } from '../../src/action/names.js';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { annotations, runAction } from '../../scripts/github-runner.js';
import { makeThrowawayCa, type ThrowawayCa } from '../helpers/throwaway-ca.js';

// The emulator over HTTPS with a certificate from a CA made for this run: refused by
// default, trusted through NODE_EXTRA_CA_CERTS or the ca_cert input, never by switching
// verification off.

let ca: ThrowawayCa;
let emu: Emulator;
beforeAll(async () => {
  ca = makeThrowawayCa();
  emu = await startEmulator({ tls: { key: ca.serverKey, cert: ca.serverCert }, speed: 20 });
});
afterAll(async () => {
  await emu.close();
  rmSync(ca.dir, { recursive: true, force: true });
});

const step = (extra: Record<string, string> = {}) => ({
  gitlab_url: emu.url,
  project: emu.seed.projectPath,
  ref: 'main',
  token: emu.seed.triggerToken,
  ...extra,
});

describe('an instance whose certificate a private CA signed', () => {
  it('is refused by default, with a message that says what to do, and nothing is sent', async () => {
    expect(emu.url).toMatch(/^https:/);
    const before = emu.requests.length;
    const run = await runAction({ with: step() });
    expect(run.exitCode).toBe(1);
    const [error] = annotations(run.stdout, 'error');
    expect(error).toMatch(
      /^The TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): if a private CA signed it, give that CA's certificate in ca_cert or point NODE_EXTRA_CA_CERTS at its PEM file\. No pipeline was created\.$/,
    );
    expect(emu.requests.length).toBe(before);
  });

  it('is trusted with NODE_EXTRA_CA_CERTS', async () => {
    const run = await runAction({ with: step(), env: { NODE_EXTRA_CA_CERTS: ca.caFile } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs[Output.WebUrl]).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
  });

  it('is trusted with ca_cert as PEM text, for the trigger and the wait alike', async () => {
    const run = await runAction({
      with: step({ ca_cert: ca.caCert, wait: 'true', api_token: emu.seed.apiToken }),
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs[Output.Status]).toBe('success');
  });

  it('is trusted with ca_cert as the path of a PEM file', async () => {
    const run = await runAction({ with: step({ ca_cert: ca.caFile }) });
    expect(run.exitCode).toBe(0);
  });

  it.each([
    [
      'a path that does not exist',
      '/nonexistent/ca.pem',
      "is the path '/nonexistent/ca.pem', where there is no file (ENOENT)",
    ],
    [
      'a broken certificate',
      '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----',
      'is not a valid PEM certificate',
    ],
  ])('refuses %s in ca_cert before sending anything', async (_what, value, message) => {
    const before = emu.requests.length;
    const run = await runAction({ with: step({ ca_cert: value }) });
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout, 'error')[0]).toContain(message);
    expect(emu.requests.length).toBe(before);
  });
});
