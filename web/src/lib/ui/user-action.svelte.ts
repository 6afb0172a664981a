// A page's buttons run one request at a time: `busy` disables them while it runs, and a failure's message shows
// in `error` (cleared when the next action starts).
import { errorMessage } from "$lib/api";

export class UserAction {
  busy = $state(false);
  error = $state("");

  /**
   * Runs `fn`: its result, or undefined when it failed (the message is then in `error`).
   * @example const copy = await action.run(() => library.fork(id)); if (copy) await goto(...);
   */
  run = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    this.busy = true;
    this.error = "";
    try {
      return await fn();
    } catch (e) {
      this.error = errorMessage(e);
      return undefined;
    } finally {
      this.busy = false;
    }
  };
}
