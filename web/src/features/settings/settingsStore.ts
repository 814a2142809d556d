import { api, ApiError } from "../../api/client";
import type { BlockDto, BlocksChangedEvent, Guid, SettingsDto } from "../../api/types";
import { Store } from "../../lib/store";
import { HubEvents } from "../../realtime/events";
import type { ChatStore } from "../chat/chatStore";

export const DEFAULT_SETTINGS: SettingsDto = {
  dmPolicy: "everyone", readReceipts: true, notificationPreview: true, notificationSound: true, awayAfterMinutes: 5, dndSchedule: null,
};

export interface SettingsState {
  settings: SettingsDto;
  /** The server keeps settings (older servers don't: the defaults apply). */
  supported: boolean;
  blocks: BlockDto[];
  blocked: ReadonlySet<Guid>;
}

/** Your settings and blocked people: loaded at start and after reconnects, live through SettingsChanged and BlocksChanged. */
export class SettingsStore extends Store<SettingsState> {
  private readonly offs: (() => void)[] = [];

  constructor(private readonly chat: ChatStore, private readonly serverHasSettings = true) {
    super({ settings: DEFAULT_SETTINGS, supported: false, blocks: [], blocked: new Set() });
  }

  start(): void {
    this.offs.push(
      this.chat.onHub<SettingsDto>(HubEvents.SettingsChanged, (s) => this.set({ settings: s, supported: true })),
      this.chat.onHub<BlocksChangedEvent>(HubEvents.BlocksChanged, (e) => {
        if (!e.blocked) this.setBlocks(this.getState().blocks.filter((b) => b.user.id !== e.userId));
        else void this.loadBlocks();
      }),
    );
    // Phase 2 of issue 5 (settings, blocks) is not on every server yet: loaded only where it is.
    if (this.serverHasSettings) this.offs.push(this.chat.onConnected(() => void this.load()));
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
  }

  async load(): Promise<void> {
    try {
      this.set({ settings: { ...DEFAULT_SETTINGS, ...(await api.settings()) }, supported: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return; // a server without settings
    }
    await this.loadBlocks();
  }

  private async loadBlocks(): Promise<void> {
    try {
      const blocks = await api.blocks();
      this.chat.rememberUsers(blocks.map((b) => b.user));
      this.setBlocks(blocks);
    } catch {
      // Kept as it was.
    }
  }

  private setBlocks(blocks: BlockDto[]): void {
    this.set({ blocks, blocked: new Set(blocks.map((b) => b.user.id)) });
  }

  async update(change: Partial<SettingsDto>): Promise<SettingsDto> {
    const settings = await api.updateSettings(change);
    this.set({ settings });
    return settings;
  }

  async block(userId: Guid): Promise<void> {
    const b = await api.block(userId);
    this.setBlocks([...this.getState().blocks.filter((x) => x.user.id !== userId), b]);
  }

  async unblock(userId: Guid): Promise<void> {
    await api.unblock(userId);
    this.setBlocks(this.getState().blocks.filter((x) => x.user.id !== userId));
  }
}
