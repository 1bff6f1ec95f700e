import { randomBytes, webcrypto } from "node:crypto";
import { isValidAsymmetricSignature } from "@jams/server/asymmetric-jws";
import { jwsHeader, openHs256, signHs256 } from "@jams/server/compact-jws";
import { compactVerify, exportJWK, generateKeyPair, importJWK, SignJWT } from "jose";
import { spreadOf } from "./stats.ts";

/**
 * `npm run bench:crypto`: the server's token primitives, jose (WebCrypto) against node:crypto as
 * the server now runs them (crypto/compact-jws.ts, crypto/asymmetric-jws.ts), keys imported once on
 * both sides; signature work only (jose's compactVerify against ours). CPU microseconds per
 * operation (process.cpuUsage, so the thread pool WebCrypto hands work to counts too), one
 * operation at a time as a request makes it; median of 5 runs of 2 000 operations each.
 */
const RUNS = 5;
const OPERATIONS = 2000;

/** Times an operation that must succeed: a failing check would time its fast way out. */
async function cpuMicrosecondsPerOperation(operation: () => unknown): Promise<number[]> {
  for (let warm = 0; warm < 200; warm++) if (!(await operation())) throw new Error("the operation failed");
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const before = process.cpuUsage();
    for (let index = 0; index < OPERATIONS; index++) await operation();
    const used = process.cpuUsage(before);
    runs.push((used.user + used.system) / OPERATIONS);
  }
  return runs;
}

const secret = new Uint8Array(randomBytes(32));
/** As 547ecd6's server held it: imported into WebCrypto once, not on every token. */
const hmacKey = await webcrypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
const claims = { sub: "user", tid: "tenant", sid: "session", iss: "jams-imes", aud: "jams-imes:session" };
const header = jwsHeader({ alg: "HS256", typ: "JWT" });
const ourToken = signHs256(header, { ...claims, iat: 1, exp: 2 ** 31 }, secret);
const joseToken = await new SignJWT(claims)
  .setProtectedHeader({ alg: "HS256", typ: "JWT" })
  .setIssuedAt()
  .setExpirationTime("1h")
  .sign(hmacKey);

const idTokenOf = async (alg: "RS256" | "ES256") => {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const token = await new SignJWT({ sub: "user" }).setProtectedHeader({ alg, kid: "k" }).sign(privateKey);
  return { alg, token, key: (await importJWK({ ...(await exportJWK(publicKey)), alg }, alg)) as webcrypto.CryptoKey };
};

const rows: Array<[string, () => unknown, () => unknown]> = [
  [
    "HS256 sign (session token, transaction cookie)",
    () => new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(hmacKey),
    () => signHs256(header, claims, secret),
  ],
  ["HS256 verify", () => compactVerify(joseToken, hmacKey, { algorithms: ["HS256"] }), () => openHs256(ourToken, header, secret)],
];
for (const { alg, token, key } of [await idTokenOf("RS256"), await idTokenOf("ES256")]) {
  rows.push([
    `${alg} verify (ID token)`,
    () => compactVerify(token, key, { algorithms: [alg] }),
    () => isValidAsymmetricSignature(token, alg, key),
  ]);
}

console.log(`Token primitives: CPU µs per operation, median of ${RUNS} × ${OPERATIONS} (min–max)`);
for (const [name, withJose, withNodeCrypto] of rows) {
  const jose = spreadOf(await cpuMicrosecondsPerOperation(withJose));
  const node = spreadOf(await cpuMicrosecondsPerOperation(withNodeCrypto));
  const format = (spread: typeof jose) => `${spread.median.toFixed(1)} (${spread.min.toFixed(1)}–${spread.max.toFixed(1)})`;
  console.log(`  ${name.padEnd(48)} jose ${format(jose)}   node:crypto ${format(node)}   ${(jose.median / node.median).toFixed(1)}×`);
}
