/** Shared state of one parse: the issues found so far, and helpers to read YAWL elements. */
import { type VerificationIssue, YAWL_NAMESPACE } from './model.js';
import { type Element, childElements, childText, firstChild } from './xml.js';

export class ParseContext {
  readonly issues: VerificationIssue[] = [];

  error(elementId: string, code: string, message: string, netId?: string): void {
    this.issues.push({ severity: 'error', elementId, code, message, ...(netId === undefined ? {} : { netId }) });
  }

  warning(elementId: string, code: string, message: string): void {
    this.issues.push({ severity: 'warning', elementId, code, message });
  }

  get hasErrors(): boolean {
    return this.issues.some((issue) => issue.severity === 'error');
  }
}

/** Children in the YAWL namespace: everything in a specification but the embedded schema. */
export function yawlChildren(parent: Element, localName?: string): Element[] {
  return childElements(parent, localName, YAWL_NAMESPACE);
}

export function yawlChild(parent: Element, localName: string): Element | undefined {
  return firstChild(parent, localName, YAWL_NAMESPACE);
}

export function yawlText(parent: Element, localName: string): string | undefined {
  return childText(parent, localName, YAWL_NAMESPACE);
}

/** Trimmed text, for values whose surrounding whitespace is layout, not content. */
export function yawlTrimmed(parent: Element, localName: string): string | undefined {
  return yawlText(parent, localName)?.trim();
}

/** Warns about child elements the model has no place for, naming them once per element. */
export function warnIgnored(
  context: ParseContext,
  parent: Element,
  names: readonly string[],
  elementId: string,
  code: string,
  what: string,
): void {
  const present = names.filter((name) => yawlChild(parent, name) !== undefined);
  if (present.length > 0) {
    context.warning(elementId, code, `${what}: ${present.join(', ')} ignored (not supported by the engine)`);
  }
}
