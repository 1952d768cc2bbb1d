/** A pipeline as GitLab's API returns it; only the fields the tool reads are typed. */
export interface Pipeline {
  readonly id: number;
  readonly iid: number;
  readonly project_id: number;
  readonly sha: string;
  readonly ref: string;
  readonly status: string;
  readonly source?: string;
  readonly created_at: string;
  readonly updated_at?: string;
  readonly started_at?: string | null;
  readonly finished_at?: string | null;
  readonly duration?: number | null;
  readonly web_url: string;
  readonly [field: string]: unknown;
}

/** True when the value has what every pipeline entity has; guards against a proxy's page. */
export function isPipeline(value: unknown): value is Pipeline {
  const p = value as Partial<Pipeline> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    // The id goes into request paths: a positive integer, nothing else.
    typeof p.id === 'number' &&
    Number.isSafeInteger(p.id) &&
    p.id > 0 &&
    (p.project_id === undefined || (Number.isSafeInteger(p.project_id) && p.project_id > 0)) &&
    typeof p.web_url === 'string' &&
    typeof p.status === 'string'
  );
}
