// @ts-check
// Shows a run of the action the way GitHub shows a step: the log as the runner's viewer
// renders workflow commands (hidden ones left out), then the outputs and the job summary.
// Used by `npm run demo` and `npm run local`.

export const bold = (/** @type {string} */ s) =>
  process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s;

/**
 * A workflow command line as the runner's log viewer shows it; null for hidden ones
 * (`::add-mask::`, `::debug::` unless the step runs with debug logging, `::endgroup::`).
 * @param {string} line
 * @param {{ debug?: boolean }} [options]
 * @returns {string | null}
 */
export function asRunnerShowsIt(line, options = {}) {
  if (line.startsWith('::add-mask::') || line.startsWith('::endgroup::')) return null;
  if (line.startsWith('::debug::')) return options.debug ? `##[debug]${line.slice(9)}` : null;
  const command = /^::(error|warning|notice|group)[^:]*::(.*)$/.exec(line);
  if (!command) return line;
  const [, kind = '', data = ''] = command;
  const text = data.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  /** @type {Record<string, string>} */
  const labels = { error: 'Error: ', warning: 'Warning: ', notice: 'Notice: ', group: '▸ ' };
  const label = labels[kind] ?? '';
  return `${label}${text}`;
}

/**
 * A receiver for the step's stdout that prints whole lines as they arrive, as the runner's
 * log does: values given to `::add-mask::` (and those in `masks`) shown as ***, no workflow
 * command read between `::stop-commands::TOKEN` and `::TOKEN::`. Call `flush` once the step
 * has ended.
 * @param {{ debug?: boolean, masks?: string[] }} [options]
 */
export function logPrinter(options = {}) {
  let buffer = '';
  /** @type {string | undefined} */
  let fence;
  const masks = new Set((options.masks ?? []).filter((m) => m !== ''));
  /** @param {string} text */
  const mask = (text) => {
    let out = text;
    for (const secret of masks) out = out.split(secret).join('***');
    return out;
  };
  /** @param {string} line */
  const show = (line) => {
    if (fence !== undefined) {
      if (line === `::${fence}::`) fence = undefined;
      else console.log(`  │ ${mask(line)}`);
      return;
    }
    const opened = /^::stop-commands::(\S+)$/.exec(line)?.[1];
    if (opened) {
      fence = opened;
      return;
    }
    const secret = line.startsWith('::add-mask::') ? line.slice('::add-mask::'.length) : '';
    if (secret !== '') masks.add(secret);
    const shown = asRunnerShowsIt(line, options);
    if (shown !== null) console.log(`  │ ${mask(shown).replace(/\n/g, '\n  │ ')}`);
  };
  return {
    /** @param {string} chunk */
    echo(chunk) {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      lines.forEach(show);
    },
    flush() {
      if (buffer) show(buffer);
      buffer = '';
    },
    mask,
  };
}

/**
 * The step's outputs, one `name = value` a line (long values cut for the screen).
 * @param {Record<string, string>} outputs
 * @param {(text: string) => string} [mask]
 */
export function printOutputs(outputs, mask = (/** @type {string} */ text) => text) {
  console.log(bold('Outputs'));
  for (const [name, value] of Object.entries(outputs)) {
    const shown = mask(value);
    console.log(`  ${name} = ${shown.length > 100 ? `${shown.slice(0, 97)}...` : shown}`);
  }
}

/** @param {string} summary the markdown the step appended to GITHUB_STEP_SUMMARY */
export function printSummary(summary) {
  console.log(bold('Job summary (markdown)'));
  console.log(summary === '' ? '  (none)' : summary.replace(/^/gm, '  '));
}
