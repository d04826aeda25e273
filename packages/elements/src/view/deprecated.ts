const warned = new Set<string>();

/** Warn once per page that `old` is deprecated in favour of `replacement` (kept for one release). */
export function warnDeprecated(element: string, old: string, replacement: string): void {
  const key = `${element}:${old}`;
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(`<${element}>: "${old}" is deprecated and will be removed in the next release; use "${replacement}".`);
}
