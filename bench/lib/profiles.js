'use strict';
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { summariseProfile } = require('../profile/summarise-cpuprofile');

/** The newest .cpuprofile each app wrote into its folder under `dir`, summarised. */
function summariseProfiles(dir, apps = ['gateway', 'word-producer']) {
  const summaries = {};
  for (const app of apps) {
    const folder = join(dir, app);
    const files = safeList(folder).filter((name) => name.endsWith('.cpuprofile'));
    const newest = files.map((name) => join(folder, name)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    if (newest) summaries[app] = summariseProfile(newest);
  }
  return summaries;
}

function safeList(folder) {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

module.exports = { summariseProfiles };
