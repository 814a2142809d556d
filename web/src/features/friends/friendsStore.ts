import { api } from "../../api/client";
import type { FriendDto, FriendshipChangedEvent, FriendState, Guid, UserDto } from "../../api/types";
import { Store } from "../../lib/store";
import { HubEvents } from "../../realtime/events";
import type { ChatStore } from "../chat/chatStore";

export interface FriendsState {
  loaded: boolean;
  friends: FriendDto[];
  incoming: FriendDto[];
  outgoing: FriendDto[];
}

const byName = (a: FriendDto, b: FriendDto) => a.user.displayName.localeCompare(b.user.displayName);

/** Friends and pending requests: loaded at start and after each reconnect, kept live by FriendshipChanged. */
export class FriendsStore extends Store<FriendsState> {
  private readonly offs: (() => void)[] = [];

  constructor(private readonly chat: ChatStore) {
    super({ loaded: false, friends: [], incoming: [], outgoing: [] });
  }

  start(): void {
    this.offs.push(
      this.chat.onHub<FriendshipChangedEvent>(HubEvents.FriendshipChanged, (e) => this.apply(e.user, e.state, new Date().toISOString())),
      this.chat.onConnected(() => void this.load()),
    );
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
  }

  async load(): Promise<void> {
    try {
      const list = await api.friends();
      this.chat.rememberUsers([...list.friends, ...list.incoming, ...list.outgoing].map((f) => f.user));
      this.set({ loaded: true, friends: list.friends, incoming: list.incoming, outgoing: list.outgoing });
    } catch {
      // Shown empty; tried again after the next reconnect.
    }
  }

  stateOf(userId: Guid): FriendState {
    const s = this.getState();
    if (s.friends.some((f) => f.user.id === userId)) return "friends";
    if (s.incoming.some((f) => f.user.id === userId)) return "incoming";
    if (s.outgoing.some((f) => f.user.id === userId)) return "outgoing";
    return "none";
  }

  /** One person's relation as seen from here. */
  apply(user: UserDto, state: FriendState, since: string): void {
    const s = this.getState();
    const without = (l: FriendDto[]) => l.filter((f) => f.user.id !== user.id);
    const entry: FriendDto = { user, state, since };
    const add = (l: FriendDto[], to: FriendState) => (state === to ? [...without(l), entry].sort(byName) : without(l));
    this.set({ friends: add(s.friends, "friends"), incoming: add(s.incoming, "incoming"), outgoing: add(s.outgoing, "outgoing") });
    if (state !== "none") this.chat.rememberUsers([user]);
  }

  async request(user: UserDto): Promise<void> {
    const f = await api.requestFriend(user.id);
    this.apply(f.user, f.state, f.since);
  }

  async accept(userId: Guid): Promise<void> {
    const f = await api.acceptFriend(userId);
    this.apply(f.user, f.state, f.since);
  }

  async decline(user: UserDto): Promise<void> {
    await api.declineFriend(user.id);
    this.apply(user, "none", "");
  }

  async cancel(user: UserDto): Promise<void> {
    await api.cancelFriendRequest(user.id);
    this.apply(user, "none", "");
  }

  async remove(user: UserDto): Promise<void> {
    await api.removeFriend(user.id);
    this.apply(user, "none", "");
  }
}
