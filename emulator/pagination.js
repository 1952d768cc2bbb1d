// @ts-check
// Offset pagination as lib/gitlab/pagination/offset_pagination.rb and offset_header_builder.rb
// do it with Kaminari (default 20 a page, at most 100): X-Per-Page, X-Page, X-Next-Page,
// X-Prev-Page, Link, X-Total, X-Total-Pages. The Link URLs repeat every request parameter
// (route parameters and declared defaults included) through Rails' to_query, as GitLab's do.

import { toQuery } from './http-helpers.js';

/** @typedef {import('./router.js').Ctx} Ctx */

/** Kaminari::ActiveRecordRelationMethods::MAX_COUNT_LIMIT */
export const MAX_COUNT_LIMIT = 10_000;

export const PAGINATION_SPECS = /** @type {import('./grape.js').ParamSpec[]} */ ([
  { name: 'page', type: 'integer', default: 1 },
  { name: 'per_page', type: 'integer', default: 20 },
]);

/**
 * @template T
 * @param {Ctx} ctx
 * @param {T[]} items already in the order to present
 * @param {Record<string, unknown>} declared the endpoint's coerced parameters
 * @returns {{ items: T[], headers: Record<string, string> }}
 */
export function paginate(ctx, items, declared) {
  const requestedPage = Number(declared.page ?? 1);
  const requestedPer = Number(declared.per_page ?? 20);
  // Kaminari: page < 1 is the first page; a per_page below 1 keeps the default; above 100 is 100.
  const page = requestedPage < 1 ? 1 : requestedPage;
  const perPage = requestedPer < 1 ? 20 : Math.min(requestedPer, 100);
  const total = items.length;
  const totalPages = Math.ceil(total / perPage);
  const outOfRange = page > totalPages;
  const next = !outOfRange && page < totalPages ? page + 1 : null;
  const prev = !outOfRange && page > 1 ? page - 1 : null;
  const shownTotalPages = Math.max(totalPages, 1);
  // OffsetPagination#exceeeds_count?: past Kaminari's MAX_COUNT_LIMIT (10,000) the relation is
  // paginated without_count: no X-Total, no X-Total-Pages and no rel="last" link.
  const withoutCount = total > MAX_COUNT_LIMIT;

  /** @type {Record<string, unknown>} */
  const linkParams = { ...ctx.params, ...declared };
  /** @param {number} p */
  const href = (p) =>
    `${ctx.instance.origin}${ctx.rawPath}?${toQuery({ ...linkParams, page: p, per_page: declared.per_page })}`;
  /** @type {string[]} */
  const links = [];
  if (prev !== null) links.push(`<${href(prev)}>; rel="prev"`);
  if (next !== null) links.push(`<${href(next)}>; rel="next"`);
  links.push(`<${href(1)}>; rel="first"`);
  if (!withoutCount) links.push(`<${href(shownTotalPages)}>; rel="last"`);

  /** @type {Record<string, string>} */
  const headers = {
    'X-Per-Page': String(perPage),
    'X-Page': String(page),
    'X-Next-Page': next === null ? '' : String(next),
    'X-Prev-Page': prev === null ? '' : String(prev),
    Link: links.join(', '),
  };
  if (!withoutCount) {
    headers['X-Total'] = String(total);
    headers['X-Total-Pages'] = String(shownTotalPages);
  }
  return { items: items.slice((page - 1) * perPage, page * perPage), headers };
}
