import { useEffect, useId, useRef, useState } from "react";

type CopyState = "idle" | "copied" | "failed";

interface CopyFieldProps {
  label: string;
  value: string;
  hint?: string;
  /** For a card whose heading already says what the value is: the label stays for assistive technology. */
  isLabelHidden?: boolean;
}

/** A read-only value with a Copy button; "Copied" is announced beside it. */
export function CopyField({ label, value, hint, isLabelHidden = false }: CopyFieldProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<CopyState>("idle");

  useEffect(() => {
    if (copyState !== "copied") return;
    const timer = window.setTimeout(() => setCopyState("idle"), 2500);
    return () => window.clearTimeout(timer);
  }, [copyState]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopyState("copied");
    } catch {
      inputRef.current?.select();
      setCopyState("failed");
    }
  }

  return (
    <div className="field">
      <label className={isLabelHidden ? "visually-hidden" : "field-label"} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="copy-row">
        <input
          ref={inputRef}
          id={id}
          className="input input-mono"
          value={value}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        <button type="button" className="btn btn-secondary" onClick={copy}>
          Copy
        </button>
      </div>
      <p className="copy-status" role="status">
        {copyState === "copied" && <span className="copied">Copied</span>}
        {copyState === "failed" && "Couldn't copy automatically. The text is selected: press Ctrl+C (⌘C on a Mac)."}
      </p>
    </div>
  );
}
