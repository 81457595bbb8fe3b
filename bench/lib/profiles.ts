import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ProfileSummary, summariseProfile } from '../profile/summarise-cpuprofile';

/** The newest .cpuprofile each app wrote into its folder under `dir`, summarised, by app. */
function summariseProfiles(dir: string, apps: readonly string[] = ['gateway', 'word-producer']): Record<string, ProfileSummary> {
  const summaries: Record<string, ProfileSummary> = {};
  for (const app of apps) {
    const folder = join(dir, app);
    const files = safeList(folder).filter((name) => name.endsWith('.cpuprofile'));
    const newest = files.map((name) => join(folder, name)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    if (newest) summaries[app] = summariseProfile(newest);
  }
  return summaries;
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

export { summariseProfiles };
