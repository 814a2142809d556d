/** A draft per conversation, kept in localStorage so it survives switching rooms and reloads. */
const key = (userId: string, roomId: string) => `parley.draft.${userId}.${roomId}`;

export function loadDraft(userId: string, roomId: string): string {
  try {
    return localStorage.getItem(key(userId, roomId)) ?? "";
  } catch {
    return "";
  }
}

export function saveDraft(userId: string, roomId: string, text: string): void {
  try {
    if (text) localStorage.setItem(key(userId, roomId), text);
    else localStorage.removeItem(key(userId, roomId));
  } catch {
    // Storage disabled: drafts live only while the room is open.
  }
}

/** On sign-out: no half-written text stays behind on a shared computer. */
export function clearDrafts(userId: string): void {
  try {
    const prefix = key(userId, "");
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(prefix)) keys.push(k);
    }
    for (const k of keys) localStorage.removeItem(k);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
