import { IDP_KINDS, type IdpKind } from "@jams/contracts";
import { useId } from "react";
import { IDP_PORTALS } from "./idp-portals.ts";

interface IdpPickerProps {
  value: IdpKind | null;
  onChange: (kind: IdpKind) => void;
}

/** "Identity provider": one radio per IdP the guided setup knows; the form's hints follow the choice. */
export function IdpPicker({ value, onChange }: IdpPickerProps) {
  const name = useId();
  const hintId = `${name}-hint`;
  return (
    <fieldset className="idp-picker" aria-describedby={hintId}>
      <legend className="field-label">Identity provider</legend>
      <p className="field-hint" id={hintId}>
        Pick yours: the hints below then say where each value is in its admin portal.
      </p>
      <div className="idp-options">
        {IDP_KINDS.map((kind) => (
          <label key={kind} className="idp-option">
            <input type="radio" name={name} value={kind} checked={value === kind} onChange={() => onChange(kind)} />
            <span>{IDP_PORTALS[kind].label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
