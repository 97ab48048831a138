import type { Config } from "./config/config.ts";
import { parseConfig } from "./config/parse.ts";
import { storeCheckedConfig } from "./config/store.ts";
import { upsertEvent } from "./events/events.ts";
import { ensureSessionRecord } from "./sessions/record.ts";

/**
 * Loading a configuration into the table, as `npm run seed` and the local runtime do: check it whole (zod and the
 * cross-checks), store it with its format and hash, then create or update its events (their seat counters are
 * kept). It lives above the domain folders because it composes two of them.
 */
export async function saveConfig(raw: unknown): Promise<Config> {
  const config = parseConfig(raw);
  await storeCheckedConfig(config);
  for (const event of config.events) {
    await upsertEvent(event);
    // A dialogue session's record, with its organiser's first reminder (shared/sessions/record.ts).
    await ensureSessionRecord(event, config);
  }
  return config;
}
