/** The SCIM error types this service answers with (RFC 7644 §3.12, Table 9). */
export type ScimType =
  | "invalidFilter"
  | "invalidPath"
  | "invalidSyntax"
  | "invalidValue"
  | "mutability"
  | "noTarget"
  | "tooMany"
  | "uniqueness";

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** A refused SCIM request: its HTTP status, SCIM error type and a detail an IdP admin can act on (never a secret). */
export class ScimError extends Error {
  override name = "ScimError";
  constructor(
    readonly status: 400 | 401 | 404 | 409 | 500,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
  }

  /** The SCIM Error resource; `status` is a string, as RFC 7644 §3.12 defines it. */
  toJSON() {
    return {
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}
