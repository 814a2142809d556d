import { api } from "../../api/client";
import type { Guid, MeDto, UpdateMeRequest, UserDto } from "../../api/types";
import { knownMe, type ChatStateCell } from "./chatState";

/** The people we know of (`state.users`) and our own profile (`state.me`); their changes reach every member list held. */
export class UserDirectory {
  private readonly fetching = new Set<Guid>();

  constructor(private readonly cell: ChatStateCell) {}

  private get state() {
    return this.cell.get();
  }

  /** Fetches someone not in the cache yet (once; "Former member" when the server no longer knows them). */
  ensureUser(userId: Guid): void {
    if (this.state.users[userId] || this.fetching.has(userId)) return;
    this.fetching.add(userId);
    api.user(userId)
      .then((u) => this.cell.set({ users: { ...this.state.users, [u.id]: { ...u } } }))
      .catch(() => this.cell.set({ users: { ...this.state.users, [userId]: { id: userId, userName: "", displayName: "Former member" } } }))
      .finally(() => this.fetching.delete(userId));
  }

  rememberUsers(list: UserDto[]): void {
    const users = { ...this.state.users };
    for (const u of list) users[u.id] = { ...u };
    this.cell.set({ users });
  }

  /** A display name, status, bio, time zone or avatar changed: the cache, DM member lists and room member lists follow. */
  applyUpdated(u: UserDto): void {
    const summaries = { ...this.state.summaries };
    for (const [id, s] of Object.entries(summaries)) {
      if (s.members?.some((m) => m.id === u.id)) summaries[id] = { ...s, members: s.members.map((m) => (m.id === u.id ? u : m)) };
    }
    const details = { ...this.state.details };
    for (const [id, d] of Object.entries(details)) {
      if (d.members.some((m) => m.userId === u.id)) {
        details[id] = { ...d, members: d.members.map((m) => (m.userId === u.id ? { ...m, displayName: u.displayName, avatarUrl: u.avatarUrl } : m)) };
      }
    }
    const me = u.id === this.state.me.id
      ? { ...this.state.me, displayName: u.displayName, statusText: u.statusText, bio: u.bio, timeZone: u.timeZone, avatarUrl: u.avatarUrl, statusExpiresAt: u.statusExpiresAt ?? null }
      : this.state.me;
    this.cell.set({ users: { ...this.state.users, [u.id]: { ...u } }, summaries, details, me });
  }

  async updateMe(change: UpdateMeRequest): Promise<MeDto> {
    return this.applyMe(await api.updateMe(change));
  }

  /** A new avatar (a square picture, cropped in the browser); the others see it through UserUpdated. */
  async setAvatar(picture: Blob): Promise<MeDto> {
    return this.applyMe(await api.setAvatar(picture));
  }

  async removeAvatar(): Promise<MeDto> {
    return this.applyMe(await api.removeAvatar());
  }

  private applyMe(me: MeDto): MeDto {
    this.cell.set({ me, users: { ...this.state.users, [me.id]: knownMe(me) } });
    this.applyUpdated({ id: me.id, userName: me.userName, displayName: me.displayName, statusText: me.statusText, bio: me.bio, timeZone: me.timeZone, avatarUrl: me.avatarUrl, statusExpiresAt: me.statusExpiresAt ?? null });
    return me;
  }
}
