import { describeSsoError, isSsoErrorCode } from "@jams/contracts";
import { Notice } from "../../components/notice.tsx";

const TITLE = "Single sign-on failed";

/** Explains a `?sso_error=<code>` the SSO callback sent back, with the fix from the help page. */
export function SsoErrorNotice({ code }: { code: string }) {
  if (!isSsoErrorCode(code)) {
    return (
      <Notice tone="error" title={TITLE}>
        <p>Something went wrong while signing you in through your identity provider. Try again, or ask your admin for help.</p>
      </Notice>
    );
  }
  const { explanation, fix } = describeSsoError(code);
  return (
    <Notice tone="error" title={TITLE}>
      <p>{explanation}</p>
      <p>{fix}</p>
      <p className="error-code">
        Error code: <code>{code}</code>
      </p>
    </Notice>
  );
}
