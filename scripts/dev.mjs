// `npm run dev`: migrates and seeds SQLite, then runs the local IdP, the API server and the SPA with hot reload.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dataDir = join(root, ".data");
mkdirSync(dataDir, { recursive: true });

const IDP_PORT = process.env.LOCAL_IDP_PORT ?? "4000";
const API_PORT = process.env.PORT ?? "3000";
const WEB_PORT = "5173";
const issuer = `http://127.0.0.1:${IDP_PORT}`;
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${WEB_PORT}`;
const clientId = "jams-imes-dev";
const secretFile = join(dataDir, "local_idp_client_secret");
if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(24).toString("base64url"), { mode: 0o600 });
const clientSecret = readFileSync(secretFile, "utf8").trim();

const env = {
  ...process.env,
  PORT: API_PORT,
  PUBLIC_URL: publicUrl,
  SSO_ALLOW_INSECURE_ISSUERS: "1",
  JAMS_API_ORIGIN: `http://127.0.0.1:${API_PORT}`,
};
const idpEnv = {
  ...process.env,
  LOCAL_IDP_PORT: IDP_PORT,
  LOCAL_IDP_CLIENTS: JSON.stringify([
    {
      clientId,
      clientSecret,
      redirectUris: [`${publicUrl}/auth/sso/callback`],
      backchannelLogoutUri: `${publicUrl}/auth/sso/backchannel-logout`,
    },
  ]),
  LOCAL_IDP_ACCOUNTS: JSON.stringify([
    { email: "admin@example.com", name: "Ada Admin", emailVerified: true },
    { email: "Member@Example.com", name: "Max Member", emailVerified: true },
    { email: "newhire@example.com", name: "Not Invited Yet", emailVerified: true },
  ]),
};

const tsx = join(root, "node_modules/.bin/tsx");
/** npm may keep the web app's vite beside it rather than hoisting it (vitest brings its own). */
const vite = [join(root, "apps/web/node_modules/.bin/vite"), join(root, "node_modules/.bin/vite")].find((path) => existsSync(path));
const seeded = spawnSync(tsx, ["apps/server/src/demo-seed-main.ts", issuer, clientId, secretFile], { cwd: root, env, stdio: "inherit" });
if (seeded.status !== 0) process.exit(seeded.status ?? 1);

const children = [
  ["idp", tsx, ["packages/local-idp/src/main.ts"], idpEnv, root],
  ["api", tsx, ["watch", "--clear-screen=false", "apps/server/src/main.ts"], env, root],
  ["web", vite, ["--port", WEB_PORT, "--strictPort"], env, join(root, "apps/web")],
].map(([name, command, args, childEnv, cwd]) => {
  const child = spawn(command, args, { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (stream, out) => stream.on("data", (chunk) => out.write(chunk.toString().replace(/^(?=.)/gm, `[${name}] `)));
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on("error", (error) => {
    console.error(`[${name}] could not start: ${error.message}`);
    shutdown(1);
  });
  child.on("exit", (code) => {
    console.log(`[${name}] exited with ${code}; stopping everything`);
    shutdown(code ?? 1);
  });
  return child;
});

function shutdown(code) {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

console.log(`
  JAMS IMES is starting
    App:        ${publicUrl}/login
    Local IdP:  ${issuer}  (sign in there by typing an account's email;
                ${issuer}/session/end signs you out there and, by back-channel logout, here)
    Demo admin:  admin@example.com  / demo-password-1   (also via "Continue with Local IdP")
    Demo member: member@example.com / demo-password-1
    Not invited: newhire@example.com (SSO shows user_not_provisioned)
`);
