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
  children: (control: ControlProps) => ReactNode;
}

/** A label, its control, a hint and an error, wired together for assistive technology. */
export function FormField({ label, hint, error, children }: FormFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
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
};

export function TextField({ label, hint, error, className, ...inputProps }: TextFieldProps) {
  return (
    <FormField label={label} hint={hint} error={error}>
      {(control) => <input className={className ? `input ${className}` : "input"} {...control} {...inputProps} />}
    </FormField>
  );
}
