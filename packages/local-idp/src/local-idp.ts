import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type Provider from "oidc-provider";
import type { JWK } from "oidc-provider";
import { AccountStore } from "./account-store.ts";
import { BackChannelCounter } from "./back-channel-counter.ts";
import { ClientRegistry } from "./client-registry.ts";
import { handleInteraction, isInteractionPath } from "./interaction-handler.ts";
import { loadProviderClass } from "./load-provider.ts";
import { renderErrorPage } from "./login-page.ts";
import { createMemoryAdapter } from "./memory-adapter.ts";
import { buildProviderConfiguration } from "./provider-config.ts";
import { generateCookieKeys, generateSigningKey } from "./signing-keys.ts";
import type { LocalIdp, LocalIdpOptions } from "./types.ts";

/** oidc-provider's Client, with the method its type definitions leave out: it signs and POSTs a logout token. */
interface LogoutCapableClient {
  backchannelLogoutUri?: string | undefined;
  backchannelLogout(sub: string, sid: string): Promise<void>;
}

interface ActiveProvider {
  provider: Provider;
  handle: (req: IncomingMessage, res: ServerResponse) => void;
}

/** `http://host:port`, with brackets around IPv6 literals. */
function issuerFor(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/**
 * Starts a real OpenID Provider (oidc-provider) on `http://host:port` with its own login page,
 * in-memory state, fresh RS256 keys and cookie keys, and back-channel request counters.
 */
export async function startLocalIdp(options: LocalIdpOptions): Promise<LocalIdp> {
  const host = options.host ?? "127.0.0.1";
  const accounts = new AccountStore();
  const clients = new ClientRegistry();
  for (const account of options.accounts) accounts.upsert(account);
  for (const client of options.clients) clients.upsert(client);

  const ProviderClass = await loadProviderClass();
  const memory = createMemoryAdapter((clientId) => clients.metadataFor(clientId));
  const cookieKeys = generateCookieKeys();
  let signingKeys: JWK[] = [await generateSigningKey()];
  const counter = new BackChannelCounter();
  let active: ActiveProvider | undefined;

  const server = createServer((req, res) => {
    const pathname = URL.parse(req.url ?? "/", "http://local-idp")?.pathname ?? "/";
    counter.record(pathname);
    if (!active) {
      res.writeHead(503).end();
      return;
    }
    if (!isInteractionPath(pathname)) {
      active.handle(req, res);
      return;
    }
    handleInteraction(req, res, active.provider, accounts).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/html; charset=utf-8" });
        res.end(renderErrorPage("Local IdP error", { error: "server_error" }));
      } else {
        res.destroy();
      }
      console.error("local-idp: interaction failed", error);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = issuerFor(host, port);

  const buildProvider = (keys: JWK[]): ActiveProvider => {
    const provider = new ProviderClass(
      issuer,
      buildProviderConfiguration({ accounts, adapter: memory.factory, signingKeys: keys, cookieKeys }),
    );
    return { provider, handle: provider.callback() };
  };

  try {
    active = buildProvider(signingKeys);
  } catch (error) {
    server.close();
    throw error;
  }

  let rotation: Promise<void> = Promise.resolve();
  let closing: Promise<void> | undefined;

  return {
    issuer,
    addAccount: (account) => accounts.upsert(account),
    addClient: (client) => clients.upsert(client),
    rotateKeys() {
      rotation = rotation
        .catch(() => undefined)
        .then(async () => {
          const keys = [await generateSigningKey(), ...signingKeys];
          active = buildProvider(keys);
          signingKeys = keys;
        });
      return rotation;
    },
    async signOut(email) {
      const account = accounts.findByEmail(email);
      if (!account || !active) return 0;
      const { provider } = active;
      let delivered = 0;
      for (const session of memory.sessionsOf(account.sub)) {
        for (const [clientId, { sid }] of Object.entries(session.authorizations)) {
          const client = (await provider.Client.find(clientId)) as LogoutCapableClient | undefined;
          if (!client?.backchannelLogoutUri) continue;
          await client.backchannelLogout(account.sub, sid ?? "");
          delivered++;
        }
        await memory.factory("Session").destroy(session.id);
      }
      return delivered;
    },
    backChannelCounts: () => counter.snapshot(),
    resetCounts: () => counter.reset(),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
