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
 * A receiver for the step's stdout that prints whole lines as they arrive; call `flush`
 * once the step has ended.
 * @param {{ debug?: boolean }} [options]
 */
export function logPrinter(options = {}) {
  let buffer = '';
  /** @param {string} line */
  const show = (line) => {
    const shown = asRunnerShowsIt(line, options);
    if (shown !== null) console.log(`  │ ${shown.replace(/\n/g, '\n  │ ')}`);
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
  };
}

/**
 * The step's outputs, one `name = value` a line (long values cut for the screen).
 * @param {Record<string, string>} outputs
 */
export function printOutputs(outputs) {
  console.log(bold('Outputs'));
  for (const [name, value] of Object.entries(outputs)) {
    console.log(`  ${name} = ${value.length > 100 ? `${value.slice(0, 97)}...` : value}`);
  }
}

/** @param {string} summary the markdown the step appended to GITHUB_STEP_SUMMARY */
export function printSummary(summary) {
  console.log(bold('Job summary (markdown)'));
  console.log(summary === '' ? '  (none)' : summary.replace(/^/gm, '  '));
}
