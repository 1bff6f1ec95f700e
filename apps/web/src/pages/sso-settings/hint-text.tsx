export type HintPart = { kind: "text" | "label" | "value"; text: string };

const MARKUP = /\*\*(.+?)\*\*|`([^`]+)`/g;

/** Splits a hint into plain text, `**Label**` (a label on the IdP's screen) and `` `value` `` (something to type or paste). */
export function parseHint(hint: string): HintPart[] {
  const parts: HintPart[] = [];
  let last = 0;
  for (const match of hint.matchAll(MARKUP)) {
    if (match.index > last) parts.push({ kind: "text", text: hint.slice(last, match.index) });
    parts.push(match[1] !== undefined ? { kind: "label", text: match[1] } : { kind: "value", text: match[2] ?? "" });
    last = match.index + match[0].length;
  }
  if (last < hint.length) parts.push({ kind: "text", text: hint.slice(last) });
  return parts;
}

/** A field hint from `idp-portals.ts`, with the IdP's labels in bold and values in monospace. */
export function HintText({ hint }: { hint: string }) {
  return parseHint(hint).map((part, index) => {
    const key = `${index}-${part.kind}`;
    if (part.kind === "label") return <strong key={key}>{part.text}</strong>;
    if (part.kind === "value") return <code key={key}>{part.text}</code>;
    return <span key={key}>{part.text}</span>;
  });
}
