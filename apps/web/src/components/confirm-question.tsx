import { type ReactNode, useEffect, useRef } from "react";

interface ConfirmQuestionProps {
  question: ReactNode;
  /** The button that goes ahead, e.g. "Yes, revoke". */
  confirmLabel: string;
  tone: "primary" | "danger";
  isPending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  /** Inside a table row: small buttons on one line with the question. */
  isCompact?: boolean;
}

/**
 * An action that asks first, in place of the button that started it. Focus moves to Cancel, the
 * safe answer, since the button that had it is gone.
 */
export function ConfirmQuestion({ question, confirmLabel, tone, isPending, onConfirm, onCancel, isCompact = false }: ConfirmQuestionProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  const size = isCompact ? " btn-small" : "";
  const buttons = (
    <>
      <button type="button" className={`btn btn-${tone}${size}`} disabled={isPending} onClick={onConfirm}>
        {confirmLabel}
      </button>
      <button ref={cancelRef} type="button" className={`btn btn-secondary${size}`} onClick={onCancel}>
        Cancel
      </button>
    </>
  );
  if (isCompact) {
    return (
      <div className="row-confirm">
        <span className="small">{question}</span>
        {buttons}
      </div>
    );
  }
  return (
    <div className="confirm">
      <p className="confirm-question">{question}</p>
      <div className="form-actions">{buttons}</div>
    </div>
  );
}
