import type { Adapter, AdapterFactory, AdapterPayload } from "oidc-provider";

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/** Models whose records belong to a grant (revoked together by `revokeByGrantId`). */
const GRANTABLE = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);

const SWEEP_INTERVAL_MS = 60_000;

/** Everything one local IdP stores; shared by the Provider instances it builds (key rotation). */
class MemoryStore {
  readonly entries = new Map<string, Entry>();
  readonly sessionByUid = new Map<string, string>();
  readonly keyByUserCode = new Map<string, string>();
  readonly keysByGrant = new Map<string, Set<string>>();
  #lastSweep = Date.now();

  get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  set(key: string, payload: AdapterPayload, expiresIn: number | undefined): void {
    this.sweepSometimes();
    const expiresAt = typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : Infinity;
    this.entries.set(key, { payload, expiresAt });
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (!entry) return;
    const { uid, userCode, grantId } = entry.payload;
    if (uid !== undefined && this.sessionByUid.get(uid) === key) this.sessionByUid.delete(uid);
    if (userCode !== undefined && this.keyByUserCode.get(userCode) === key) {
      this.keyByUserCode.delete(userCode);
    }
    if (grantId !== undefined) this.keysByGrant.get(grantId)?.delete(key);
  }

  private sweepSometimes(): void {
    const now = Date.now();
    if (now - this.#lastSweep < SWEEP_INTERVAL_MS) return;
    this.#lastSweep = now;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.delete(key);
    }
    for (const [grantId, keys] of this.keysByGrant) {
      if (keys.size === 0) this.keysByGrant.delete(grantId);
    }
  }
}

class MemoryModelAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly store: MemoryStore,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const key = this.key(id);
    this.store.delete(key);
    this.store.set(key, payload, expiresIn);
    if (this.model === "Session" && payload.uid !== undefined) {
      this.store.sessionByUid.set(payload.uid, key);
    }
    if (payload.userCode !== undefined) this.store.keyByUserCode.set(payload.userCode, key);
    if (GRANTABLE.has(this.model) && payload.grantId !== undefined) {
      const keys = this.store.keysByGrant.get(payload.grantId) ?? new Set<string>();
      keys.add(key);
      this.store.keysByGrant.set(payload.grantId, keys);
    }
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(this.key(id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const key = this.store.sessionByUid.get(uid);
    return key === undefined ? undefined : this.store.get(key);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const key = this.store.keyByUserCode.get(userCode);
    return key === undefined ? undefined : this.store.get(key);
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const keys = this.store.keysByGrant.get(grantId);
    this.store.keysByGrant.delete(grantId);
    for (const key of keys ?? []) this.store.delete(key);
  }
}

/** Serves the `Client` model from a live lookup so clients added after start are found. */
class ClientLookupAdapter implements Adapter {
  constructor(private readonly lookup: (clientId: string) => AdapterPayload | undefined) {}

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.lookup(id);
  }

  async upsert(): Promise<void> {
    throw new Error("clients are registered through LocalIdp.addClient");
  }

  async findByUid(): Promise<undefined> {
    return undefined;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(): Promise<void> {}

  async destroy(): Promise<void> {}

  async revokeByGrantId(): Promise<void> {}
}

/** An account's live IdP session: its id, and the client it signed in to with the `sid` each was given. */
export interface StoredSession {
  id: string;
  authorizations: Record<string, { sid?: string }>;
}

/**
 * An oidc-provider adapter factory over one private in-memory store (sessions, interactions,
 * grants, codes, tokens), and a look into its sessions. Pass the same factory to every Provider
 * of one IdP so they share state.
 */
export function createMemoryAdapter(lookupClient: (clientId: string) => AdapterPayload | undefined) {
  const store = new MemoryStore();
  const clients = new ClientLookupAdapter(lookupClient);
  const factory: AdapterFactory = (model: string) => (model === "Client" ? clients : new MemoryModelAdapter(model, store));
  return {
    factory,
    /** The live sessions of an account (oidc-provider's accountId is our `sub`). */
    sessionsOf(accountId: string): StoredSession[] {
      return [...store.entries.keys()]
        .filter((key) => key.startsWith("Session:"))
        .map((key) => ({ key, payload: store.get(key) }))
        .filter(({ payload }) => payload?.accountId === accountId)
        .map(({ key, payload }) => ({
          id: key.slice("Session:".length),
          authorizations: (payload?.authorizations ?? {}) as StoredSession["authorizations"],
        }));
    },
  };
}
