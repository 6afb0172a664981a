// The signed-in user's credentials (metadata only), loaded once and shared by the Credentials page and every
// node's credentials picker; refreshed after a change.
import { type Credential, credentials } from "$lib/api";

class CredentialStore {
  items = $state.raw<Credential[]>([]);
  loaded = $state(false);
  error = $state("");
  #loading: Promise<void> | null = null;

  /** Loads the list unless it is loaded (or `force`). */
  load(force = false): Promise<void> {
    if (this.#loading && !force) return this.#loading;
    this.#loading = credentials
      .list()
      .then((items) => {
        this.items = items;
        this.loaded = true;
        this.error = "";
      })
      .catch((e: unknown) => {
        this.error = e instanceof Error ? e.message : String(e);
        this.#loading = null;
      });
    return this.#loading;
  }

  /** Credentials a field accepts (any when it names no provider). */
  forProviders(providers: readonly string[] | undefined): Credential[] {
    return !providers || providers.length === 0 ? this.items : this.items.filter((c) => providers.includes(c.provider));
  }
}

export const credentialStore = new CredentialStore();
