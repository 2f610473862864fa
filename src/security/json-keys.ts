// JSON.parse keeps the last of two equal keys silently; Terraform JSON with a key written twice (two
// resources with one logical ID) would lose a resource. This scanner finds such keys in the raw text.

/** Every key that appears twice in one object: [JSON path of the object, key]. Assumes valid JSON. */
export function duplicateKeys(text: string): [string, string][] {
  const out: [string, string][] = [];
  // One frame per open container: the keys seen (objects only) and the path to it.
  const stack: { keys?: Set<string>; path: string; key?: string }[] = [];
  let i = 0;
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  let pendingKey: string | undefined;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      const s = readString();
      const top = stack[stack.length - 1];
      // A string is a key when it is in an object and followed by a colon.
      let j = i;
      while (/\s/.test(text[j] ?? '')) j++;
      if (top?.keys && text[j] === ':') {
        if (top.keys.has(s)) out.push([top.path || '(root)', s]);
        top.keys.add(s);
        pendingKey = s;
      }
      continue;
    }
    if (ch === '{' || ch === '[') {
      const parent = stack[stack.length - 1];
      const path = parent
        ? parent.keys
          ? `${parent.path}${parent.path ? '.' : ''}${pendingKey}`
          : `${parent.path}[]`
        : '';
      stack.push({ keys: ch === '{' ? new Set() : undefined, path });
      pendingKey = undefined;
    } else if (ch === '}' || ch === ']') stack.pop();
    i++;
  }
  return out;
}
