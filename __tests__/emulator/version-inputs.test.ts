// GET /version as configured, and pipeline inputs checked against a script's spec:inputs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Gitlab } from '@gitbeaker/rest';
import { startEmulator } from '../../emulator/index.js';
import { call, trigger, type Emu, type Json } from './helpers.js';

const SPEC = {
  inputs: {
    environment: { options: ['staging', 'production'] },
    replicas: { type: 'number' as const, default: 1 },
    dry_run: { type: 'boolean' as const, default: false },
    regions: { type: 'array' as const, default: ['eu'] },
  },
};

let emu: Emu;
let old: Emu;
beforeAll(async () => {
  emu = await startEmulator({ speed: 0, version: '18.4.0-ee' });
  old = await startEmulator({ speed: 0, version: '17.10.3-ee' });
  emu.setScript(42, 'main', SPEC);
  old.setScript(42, 'main', SPEC);
});
afterAll(async () => {
  await emu.close();
  await old.close();
});

describe('GET /version', () => {
  it('answers the configured release (GitLab client: Metadata.show)', async () => {
    const api = new Gitlab({ host: emu.url, token: emu.seed.apiToken });
    const metadata = await api.Metadata.show();
    expect(metadata.version).toBe('18.4.0-ee');
    const version = await call(emu, 'GET', '/version', { token: emu.seed.apiToken });
    expect((version.json as Json).version).toBe('18.4.0-ee');
    expect((version.json as Json).revision).toMatch(/^[0-9a-f]{11}$/);
  });

  it('needs a token', async () => {
    expect((await call(emu, 'GET', '/version')).status).toBe(401);
  });
});

describe('pipeline inputs against spec:inputs', () => {
  function run(target: Emu, inputs: unknown) {
    return trigger(target, { token: target.seed.triggerToken, ref: 'main', inputs });
  }

  it('accepts typed inputs within the spec', async () => {
    const answer = await run(emu, { environment: 'staging', replicas: 3, regions: ['eu', 'us'] });
    expect(answer.status).toBe(201);
  });

  it('refuses unknown and ill-typed inputs: 422, the pipeline saved as failed with the config error', async () => {
    const answer = await run(emu, { environment: 'staging', replicas: 'three', colour: 'blue' });
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      message: {
        base: ['unknown input arguments: colour, `replicas` input: provided value is not a number'],
      },
    });
    const saved = emu.pipelines.at(-1)!;
    expect(saved.status).toBe('failed');
    expect(saved.failureReason).toBe('config_error');
  });

  it('refuses a missing required input and a value outside the options', async () => {
    const missing = await run(emu, {});
    expect(missing.json).toEqual({
      message: { base: ['`environment` input: required value has not been provided'] },
    });
    const outside = await run(emu, { environment: 'qa', regions: 'eu' });
    expect(outside.json).toEqual({
      message: {
        base: [
          '`environment` input: `qa` cannot be used because it is not in the list of the allowed options, `regions` input: provided value is not an array',
        ],
      },
    });
  });

  it('before 17.11 drops inputs silently (and so checks nothing that was sent)', async () => {
    const answer = await run(old, { environment: 'staging', colour: 'blue' });
    // Without inputs the required `environment` is missing.
    expect(answer.status).toBe(422);
    old.setScript(42, 'main', { inputs: { environment: { default: 'staging' } } });
    const dropped = await run(old, { environment: 'nowhere', colour: 'blue' });
    expect(dropped.status).toBe(201);
    expect(old.pipelines.at(-1)!.inputs).toBeUndefined();
  });

  it('a script without spec:inputs stores inputs unchecked, as before', async () => {
    emu.setScript(42, 'main', null);
    const answer = await run(emu, { anything: 1 });
    expect(answer.status).toBe(201);
    expect(emu.pipelines.at(-1)!.inputs).toEqual({ anything: 1 });
  });
});
