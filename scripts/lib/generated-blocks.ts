/**
 * Generated blocks inside hand-written files. A block is the lines between a marker comment
 * `# platform:generate <id>` and `# platform:generate end`; the text around them stays as written,
 * and the markers stay so the next run finds the block again.
 */

const BEGIN = /^(\s*)# platform:generate ([\w-]+)\s*$/;
const END = /^\s*# platform:generate end\s*$/;

/** Replaces every block of `content` with the lines given for its id; a missing or unknown block is an error. */
export function fillBlocks(path: string, content: string, blocks: Readonly<Record<string, readonly string[]>>): string {
  const lines = content.split('\n');
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    out.push(line);
    const begin = BEGIN.exec(line);
    if (!begin || END.test(line)) continue;
    const id = begin[2]!;
    const replacement = blocks[id];
    if (!replacement) throw new Error(`${path}: unknown generated block "${id}"`);
    const end = lines.findIndex((candidate, j) => j > i && END.test(candidate));
    if (end < 0) throw new Error(`${path}: block "${id}" has no "# platform:generate end"`);
    out.push(...replacement, lines[end]!);
    seen.add(id);
    i = end;
  }
  const missing = Object.keys(blocks).filter((id) => !seen.has(id));
  if (missing.length > 0) throw new Error(`${path}: missing generated block(s) ${missing.join(', ')} (add "# platform:generate <id>" … "# platform:generate end")`);
  return out.join('\n');
}

/** Indents each line by `spaces` (empty lines stay empty). */
export const indent = (spaces: number, lines: readonly string[]): string[] => lines.map((line) => (line ? `${' '.repeat(spaces)}${line}` : line));
