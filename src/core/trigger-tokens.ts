import { GitLabError } from './errors.js';
import type { ApiCall, ApiToken, GitLabClient } from './gitlab-client.js';
import { readGitLabVersion } from './gitlab-release.js';
import type { ProjectRef } from './settings.js';

/** A pipeline trigger token as GitLab's API returns it (API::Entities::Trigger). */
export interface TriggerToken {
  readonly id: number;
  readonly description: string | null;
  /** Whole for the token's owner only; everyone else gets its first four characters. */
  readonly token: string;
  readonly created_at: string;
  readonly updated_at?: string;
  readonly last_used: string | null;
  readonly expires_at?: string | null;
  readonly owner: { readonly id: number; readonly username: string; readonly name?: string } | null;
  readonly [field: string]: unknown;
}

const PREFIX = 'glptt-';

/**
 * True when GitLab shortened the token because the caller does not own it
 * (Ci::Trigger#short_token: four characters, with or without the `glptt-` prefix).
 */
export function isShortened(token: string): boolean {
  return token.replace(PREFIX, '').length <= 4;
}

/** True when the value has what every trigger entity has; guards against a proxy's page. */
export function isTriggerToken(value: unknown): value is TriggerToken {
  const t = value as Partial<TriggerToken> | null;
  return (
    typeof t === 'object' && t !== null && typeof t.id === 'number' && typeof t.token === 'string'
  );
}

export interface TriggerTokensOptions {
  readonly client: GitLabClient;
  readonly project: ProjectRef;
  /** A personal, group or project access token with the api scope. Secret. */
  readonly apiToken: string;
  /** Where that token came from, for messages: `GITLAB_API_TOKEN`, `api_token`. */
  readonly apiTokenName: string;
}

/**
 * The trigger-token endpoints of a project (`/projects/:id/triggers`): list, read, create,
 * update and delete. Every refusal becomes one line that says what to do about it.
 */
export class TriggerTokens {
  private readonly token: ApiToken;

  constructor(private readonly options: TriggerTokensOptions) {
    this.token = { header: 'PRIVATE-TOKEN', value: options.apiToken };
  }

  /** Every trigger token of the project, all pages. */
  async list(): Promise<TriggerToken[]> {
    const call = this.call('GET', '', `list the trigger tokens of ${this.where()}`);
    const tokens = await this.options.client.apiAll<unknown>(call);
    return tokens.map((t) => this.checked(t, call));
  }

  async get(id: number): Promise<TriggerToken> {
    const call = this.call('GET', `/${id}`, `read trigger token #${id} of ${this.where()}`);
    return this.checked(await this.options.client.apiJson(call), call);
  }

  /** `expiresAt` as GitLab takes it: a date (`2027-01-31`) or an ISO 8601 time. */
  async create(description: string, expiresAt?: string): Promise<TriggerToken> {
    const json: Record<string, string> = { description };
    if (expiresAt !== undefined) json.expires_at = expiresAt;
    const call = { ...this.call('POST', '', `create a trigger token in ${this.where()}`), json };
    return this.checked(await this.options.client.apiJson(call), call);
  }

  /** The instance's version, read once with the same token; undefined when unreadable. */
  async gitlabVersion(): Promise<string | undefined> {
    return readGitLabVersion(this.options.client, this.token, { once: true });
  }

  async update(id: number, description: string): Promise<TriggerToken> {
    const call = {
      ...this.call('PUT', `/${id}`, `update trigger token #${id} of ${this.where()}`),
      json: { description },
      idempotent: true,
    };
    return this.checked(await this.options.client.apiJson(call), call);
  }

  async delete(id: number): Promise<void> {
    const call = this.call('DELETE', `/${id}`, `delete trigger token #${id} of ${this.where()}`);
    await this.options.client.api(call);
  }

  private where(): string {
    return `project '${this.options.project.display}'`;
  }

  private call(method: ApiCall['method'], path: string, what: string): ApiCall {
    return {
      method,
      path: `/projects/${this.options.project.encoded}/triggers${path}`,
      token: this.token,
      what,
      idempotent: method === 'GET',
      advice: ({ status, gitlabMessage }) => this.advice({ method, path }, status, gitlabMessage),
    };
  }

  private checked(value: unknown, call: ApiCall): TriggerToken {
    if (isTriggerToken(value)) return value;
    throw new GitLabError(
      `GitLab answered the request to ${call.what}, but not with a trigger token: is the GitLab URL that of GitLab?`,
      200,
    );
  }

  /** What a refusal of this call means, in place of the client's generic advice. */
  private advice(
    call: Pick<ApiCall, 'method' | 'path'>,
    status: number,
    gitlabMessage = '',
  ): string | undefined {
    const project = this.where();
    const token = this.options.apiTokenName;
    switch (status) {
      case 401:
        return `the token in ${token} was not accepted; check that it is a personal, group or project access token with the api scope that has not expired or been revoked`;
      case 403:
        if (call.method === 'PUT' && /not authorized to update/i.test(gitlabMessage)) {
          return `only the trigger token's owner may change it; ask its owner, or create a token of your own`;
        }
        return `the user of the token in ${token} needs the Maintainer role on ${project}, and the token the api scope`;
      case 404:
        if (call.path === '' || /project/i.test(gitlabMessage)) {
          return `no ${project} is visible to the token in ${token}; check the project's id or path, and that the token's user is a member`;
        }
        return `${project} has no trigger token with that id (it may have been deleted)`;
      default:
        return undefined;
    }
  }
}
