import { type InputHTMLAttributes, type ReactNode, useId } from "react";

export interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

interface FormFieldProps {
  label: string;
  /** Guidance shown under the control, read by screen readers after the label. */
  hint?: ReactNode;
  /** The server's message for this field, announced and linked to the control. */
  error?: string | undefined;
  /** A caution about the value as typed (it looks like the wrong one), shown under the control until it changes. */
  advice?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}

/** A label, its control, a hint and an error, wired together for assistive technology. */
export function FormField({ label, hint, error, advice, children }: FormFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const adviceId = advice ? `${id}-advice` : undefined;
  const describedBy = [errorId, adviceId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {advice && (
        <p className="field-advice" id={adviceId}>
          {advice}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "children"> & {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  advice?: ReactNode;
};

export function TextField({ label, hint, error, advice, className, ...inputProps }: TextFieldProps) {
  return (
    <FormField label={label} hint={hint} error={error} advice={advice}>
      {(control) => <input className={className ? `input ${className}` : "input"} {...control} {...inputProps} />}
    </FormField>
  );
}
