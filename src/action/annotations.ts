import type { AnnotationProperties, Runner } from './runner.js';

/** GitHub keeps at most 10 error and 10 warning annotations a step, and drops the rest. */
export const MAX_ANNOTATIONS_PER_STEP = 10;

/**
 * Annotations within GitHub's limit: past it, nothing more is annotated and one last
 * warning says how many were left out and that the job summary lists them.
 */
export class Annotations {
  private readonly counts = { error: 0, warning: 0 };
  private readonly left = { error: 0, warning: 0 };

  /**
   * `reservedErrors`: error annotations the step writes after these (its verdict, through
   * setFailed), which count against the same limit.
   */
  constructor(
    private readonly runner: Runner,
    private readonly reservedErrors = 0,
  ) {}

  error(text: string, properties?: AnnotationProperties): void {
    this.add('error', text, properties);
  }

  warning(text: string, properties?: AnnotationProperties): void {
    this.add('warning', text, properties);
  }

  add(level: 'error' | 'warning', text: string, properties: AnnotationProperties = {}): void {
    // The last warning slot is kept for the note on what was left out, and error slots for
    // the errors that follow.
    const room = MAX_ANNOTATIONS_PER_STEP - (level === 'warning' ? 1 : this.reservedErrors);
    if (this.counts[level] >= room) {
      this.left[level]++;
      return;
    }
    this.counts[level]++;
    this.runner[level](text, properties);
  }

  /** Says how many annotations GitHub would have dropped; call once, at the end. */
  finish(): void {
    const left = this.left.error + this.left.warning;
    if (left === 0) return;
    this.runner.warning(
      `${left} more problem${left > 1 ? 's' : ''} (failed jobs or tests) ${left > 1 ? 'are' : 'is'} not annotated, as GitHub keeps ${MAX_ANNOTATIONS_PER_STEP} annotations of a kind a step: the job summary lists them all.`,
    );
  }
}
