export { startLocalIdp } from "./local-idp.ts";
export { LOGIN_PAGE_TITLE, LOGOUT_PAGE_TITLE, NO_SUCH_ACCOUNT } from "./login-page.ts";
export type { DriveLoginOptions } from "./test-support/drive-login.ts";
export { driveBrowserlessLogin, LocalIdpLoginPageError } from "./test-support/drive-login.ts";
export type {
  BackChannelCounts,
  LocalIdp,
  LocalIdpAccount,
  LocalIdpClient,
  LocalIdpOptions,
} from "./types.ts";
