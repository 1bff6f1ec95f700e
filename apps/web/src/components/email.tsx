import { Fragment } from "react";

/** The pieces of an address after each `@` and dot, keyed by where they start. */
function piecesOf(address: string): Array<{ at: number; text: string }> {
  let at = 0;
  return address.split(/(?<=[@.])/).map((text) => {
    const piece = { at, text };
    at += text.length;
    return piece;
  });
}

/**
 * An email address that wraps only after its `@` and dots, never mid-word (nor at a hyphen): a narrow
 * column or a phone breaks `ada.lovelace@analytical-engines.example` into readable pieces.
 */
export function Email({ address }: { address: string }) {
  return (
    <span className="email">
      {piecesOf(address).map((piece) => (
        <Fragment key={piece.at}>
          {piece.at > 0 && <wbr />}
          <span>{piece.text}</span>
        </Fragment>
      ))}
    </span>
  );
}

/** An address inside a sentence: its last label is letters only, so a full stop after it stays outside. */
const EMAIL_IN_TEXT = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[A-Za-z]{2,}/g;

/** A sentence cut into its addresses and the text between them, each part keyed by where it starts. */
export function emailPartsOf(text: string): Array<{ at: number; text: string; isEmail: boolean }> {
  const parts: Array<{ at: number; text: string; isEmail: boolean }> = [];
  let at = 0;
  for (const match of text.matchAll(EMAIL_IN_TEXT)) {
    if (match.index > at) parts.push({ at, text: text.slice(at, match.index), isEmail: false });
    parts.push({ at: match.index, text: match[0], isEmail: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push({ at, text: text.slice(at), isEmail: false });
  return parts;
}

/** A sentence such as "Revoked the invitation of mo@acme.com." whose addresses wrap like `Email`. */
export function TextWithEmails({ text }: { text: string }) {
  return emailPartsOf(text).map((part) =>
    part.isEmail ? <Email key={part.at} address={part.text} /> : <Fragment key={part.at}>{part.text}</Fragment>,
  );
}
