import { describe, expect, it } from "vitest";
import { type ActivityEvent, describeEvent } from "./describe-event.ts";

function event(fields: Partial<ActivityEvent>): ActivityEvent {
  return {
    id: 1,
    type: "signin.success",
    method: null,
    code: null,
    email: null,
    idpSubject: null,
    actorEmail: null,
    actorLabel: null,
    repeatCount: 1,
    lastSeenAt: null,
    details: {},
    createdAt: "2025-01-01T00:00:00.000Z",
    ...fields,
  };
}

describe("describeEvent", () => {
  it("names sign-ins by method, about the email that was used", () => {
    expect(describeEvent(event({ method: "sso", email: "ada@acme.com" }))).toMatchObject({
      text: "Signed in with SSO",
      tone: "success",
      person: "ada@acme.com",
    });
    expect(describeEvent(event({ type: "signin.failure", method: "pwd", code: "wrong_password", email: "ada@acme.com" }))).toMatchObject({
      text: "Sign-in failed (password)",
      tone: "failure",
    });
  });

  it("lists the changed SSO fields by the labels of the settings form", () => {
    const saved = event({
      type: "sso.config.saved",
      actorEmail: "ada@acme.com",
      details: { changedFields: ["displayName", "clientSecret"] },
    });
    expect(describeEvent(saved)).toMatchObject({
      text: "SSO settings saved — changed: Configuration name, Client Secret",
      person: "ada@acme.com",
    });
    const reset = event({ type: "sso.config.saved", details: { changedFields: ["issuer"], enforcementReset: true } });
    expect(describeEvent(reset).note).toMatch(/Enforce SSO was turned off/);
  });

  it("reads Enforce SSO and team changes, crediting the admin who made them", () => {
    expect(describeEvent(event({ type: "sso.enforce.changed", details: { enforce: true } })).text).toBe("Enforce SSO turned on");
    expect(describeEvent(event({ type: "sso.enforce.changed", details: { enforce: false } })).text).toBe("Enforce SSO turned off");
    expect(describeEvent(event({ type: "sso.config.removed" })).text).toBe("SSO removed");
    const invited = event({ type: "team.invited", email: "mo@acme.com", actorEmail: "ada@acme.com", details: { role: "member" } });
    expect(describeEvent(invited)).toMatchObject({ text: "Invited mo@acme.com as Member", person: "ada@acme.com" });
    const deactivated = event({ type: "team.deactivated", email: "mo@acme.com", actorEmail: "ada@acme.com" });
    expect(describeEvent(deactivated)).toMatchObject({ text: "Deactivated mo@acme.com", person: "ada@acme.com" });
  });

  it("shows an event type it does not know as is", () => {
    expect(describeEvent(event({ type: "something.new" })).text).toBe("something.new");
  });

  it("names who ended sessions, also when it was the identity provider rather than a person", () => {
    expect(
      describeEvent(event({ type: "session.revoked_all", email: "mo@acme.com", actorEmail: "ann@acme.com", details: { sessions: 2 } })),
    ).toEqual({
      text: "Signed mo@acme.com out everywhere",
      tone: "change",
      note: "2 sessions ended.",
      person: "ann@acme.com",
    });
    expect(describeEvent(event({ type: "session.backchannel_logout", actorLabel: "IdP", details: { sessions: 1 } }))).toMatchObject({
      text: "Signed out by the identity provider",
      note: "1 session ended.",
      person: "IdP",
    });
  });

  it("names SCIM as the actor of provisioning changes, with what changed", () => {
    expect(
      describeEvent(
        event({ type: "scim.user.updated", email: "mo@acme.com", actorLabel: "SCIM", details: { changedFields: ["familyName", "email"] } }),
      ),
    ).toEqual({ text: "Updated mo@acme.com", tone: "change", note: "Changed: family name, email.", person: "SCIM" });
    expect(describeEvent(event({ type: "scim.user.deactivated", email: "mo@acme.com", actorLabel: "SCIM" }))).toMatchObject({
      text: "Deactivated mo@acme.com",
      note: "Their sessions ended at once.",
      person: "SCIM",
    });
  });

  it("reads domain verification: who verified what, how many addresses were released, and a withdrawal as a problem", () => {
    expect(
      describeEvent(event({ type: "domain.verified", actorEmail: "ada@acme.com", details: { domain: "acme.com", released: 2 } })),
    ).toEqual({
      text: "Verified the domain acme.com",
      tone: "change",
      note: "2 addresses held by other workspaces released.",
      person: "ada@acme.com",
    });
    expect(describeEvent(event({ type: "domain.verification_lost", details: { domain: "acme.com" } }))).toMatchObject({
      text: "The domain acme.com is no longer verified",
      tone: "failure",
    });
    expect(
      describeEvent(event({ type: "domain.claim_released", email: "bob@acme.com", details: { domain: "acme.com", isNeverJoined: true } })),
    ).toMatchObject({
      text: "bob@acme.com was released: another workspace verified acme.com",
      note: "Their pending invitation was removed.",
    });
  });
});
