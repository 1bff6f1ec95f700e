const GUIDES = [
  { file: "entra-id", name: "Microsoft Entra ID" },
  { file: "okta", name: "Okta" },
  { file: "google-workspace", name: "Google Workspace" },
  { file: "auth0", name: "Auth0" },
  { file: "other-oidc", name: "Other OIDC providers" },
] as const;

/** Links to the step-by-step guides for each identity provider. */
export function SetupGuides() {
  return (
    <p className="setup-guides">
      Setup guides:{" "}
      {GUIDES.map((guide, index) => (
        <span key={guide.file}>
          {index > 0 && <span aria-hidden="true"> · </span>}
          <a href={`/docs/sso/${guide.file}.md`}>{guide.name}</a>
        </span>
      ))}
    </p>
  );
}
