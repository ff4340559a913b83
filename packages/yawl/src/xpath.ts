/**
 * Syntax checks for YAWL's XPath predicates and XQuery mappings, via fontoxpath. The package is
 * CommonJS with loose typings, so its use is confined here; expressions are parsed, never run.
 */
import fontoxpath from 'fontoxpath';
import { Document } from 'slimdom';

// parseScript builds its XQueryX output with a nodes factory; a throwaway document serves.
const scratch = new Document();

type Language = NonNullable<Parameters<typeof fontoxpath.parseScript>[1]['language']>;

function check(expression: string, language: Language): string | undefined {
  if (expression.trim() === '') return 'empty expression';
  try {
    fontoxpath.parseScript(expression, { language }, scratch);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // fontoxpath echoes the script with a caret; the last lines carry the actual reason.
    return message.split('\n').filter((line) => line.trim() !== '').slice(-2).join(' ').trim();
  }
}

/** undefined when the expression is syntactically valid XPath 3.1, else the parser's message. */
export function xpathSyntaxError(expression: string): string | undefined {
  return check(expression, fontoxpath.evaluateXPath.XPATH_3_1_LANGUAGE);
}

/** undefined when the expression is syntactically valid XQuery 3.1, else the parser's message. */
export function xquerySyntaxError(expression: string): string | undefined {
  return check(expression, fontoxpath.evaluateXPath.XQUERY_3_1_LANGUAGE);
}
