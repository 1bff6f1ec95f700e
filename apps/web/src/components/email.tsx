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
 * An email address that wraps only after its `@` and dots, never mid-word: a narrow column or a
 * phone breaks `ada.lovelace@analytical-engines.example` into readable pieces.
 */
export function Email({ address }: { address: string }) {
  const pieces = piecesOf(address);
  return (
    <span className="email">
      {pieces.map((piece, index) => (
        <span key={piece.at}>
          {piece.text}
          {index < pieces.length - 1 && <wbr />}
        </span>
      ))}
    </span>
  );
}
