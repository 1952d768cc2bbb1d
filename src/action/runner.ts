/**
 * The runner's side of a JavaScript action, as GitHub documents it ("Workflow commands"):
 * inputs from `INPUT_*`, outputs, state and the job summary appended to the files the runner
 * names, and `::command::` lines on stdout.
 *
 * Written here rather than taken from @actions/core because that package loads an HTTP
 * client (for OIDC tokens) at import, which tripled the action's start-up time; this module
 * loads nothing. __tests__/runner.test.ts checks it writes what @actions/core writes.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

export interface InputOptions {
  /** Trim surrounding white space, as @actions/core does by default. */
  readonly trimWhitespace?: boolean;
}

/** An input's value; empty when the workflow gave none and action.yml has no default. */
export function getInput(name: string, options: InputOptions = {}): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
  return options.trimWhitespace === false ? value : value.trim();
}

/** The value a main step saved for the post step. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

export function setOutput(name: string, value: string): void {
  if (!appendKeyValue('GITHUB_OUTPUT', name, value)) issue('set-output', value, { name });
}

export function saveState(name: string, value: string): void {
  if (!appendKeyValue('GITHUB_STATE', name, value)) issue('save-state', value, { name });
}

/** Tells the runner to mask the value in every later line of the log. */
export function setSecret(value: string): void {
  issue('add-mask', value);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function debug(message: string): void {
  issue('debug', message);
}

/** Annotation properties; `title` shows above the message on the run page. */
export type AnnotationProperties = {
  readonly title?: string;
};

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issue('warning', message, properties);
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issue('error', message, properties);
}

export function notice(message: string, properties: AnnotationProperties = {}): void {
  issue('notice', message, properties);
}

/** Fails the step: an error annotation and exit status 1. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

export function startGroup(name: string): void {
  issue('group', name);
}

export function endGroup(): void {
  issue('endgroup', '');
}

/** Appends markdown to the job summary; false when the runner gave no summary file. */
export function appendSummary(markdown: string): boolean {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, markdown + EOL, 'utf8');
  return true;
}

function appendKeyValue(variable: string, name: string, value: string): boolean {
  const file = process.env[variable];
  if (!file) return false;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  // A value holding the delimiter would end the value early; a random one never occurs.
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
  return true;
}

function issue(
  command: string,
  message: string,
  properties: { readonly [key: string]: string | undefined } = {},
): void {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
