// The chat list in groups by when each chat was last used, as the anchors group theirs.

const DAY_MS = 24 * 60 * 60 * 1000;

/** [{ label, chats }] in this order, empty groups left out: Today, Yesterday, Previous 7 days, Older. */
export function groupByDate(chats, now = new Date()) {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const groups = [
    { label: 'Today', since: today },
    { label: 'Yesterday', since: today - DAY_MS },
    { label: 'Previous 7 days', since: today - 7 * DAY_MS },
    { label: 'Older', since: -Infinity },
  ].map((group) => ({ ...group, chats: [] }));
  for (const chat of chats) groups.find(({ since }) => chat.updatedAt >= since).chats.push(chat);
  return groups.filter(({ chats: grouped }) => grouped.length > 0).map(({ label, chats: grouped }) => ({ label, chats: grouped }));
}
