import { createContext, useContext } from "react";
import type { RouterOutputs } from "./api-types.ts";

export type SignedInUser = RouterOutputs["auth"]["me"];

/** Provided by the signed-in layout once `auth.me` has answered. */
export const SignedInUserContext = createContext<SignedInUser | null>(null);

export function useSignedInUser(): SignedInUser {
  const signedIn = useContext(SignedInUserContext);
  if (!signedIn) throw new Error("useSignedInUser is only available inside the signed-in layout");
  return signedIn;
}

export function isAdmin(signedIn: SignedInUser): boolean {
  return signedIn.user.role === "admin";
}
