import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel, type ILogger, type IRetryPolicy, type RetryContext } from "@microsoft/signalr";
import type { CallDto, CallMediaChange, CallSignalKind, ChangesPage, ChosenPresence, Guid, MessageDto, PollChangedEvent, PresenceDto, ReactionsChangedEvent, ReadEvent, SendMessageRequest, SfuDescription, SfuTarget } from "../api/types";
import { HubEvents, HubMethods, type HubEventName } from "./events";

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "disconnected";

// The first retry waits a moment so a session check (after a sign-out elsewhere) can stop it first.
const RETRY_STEPS_MS = [300, 1000, 2000, 3000, 5000];
const RETRY_CAP_MS = 5000;

/** Reconnect forever: quick first tries, then a capped backoff with jitter. */
export const foreverRetry: IRetryPolicy = {
  nextRetryDelayInMilliseconds(ctx: RetryContext): number {
    return retryDelay(ctx.previousRetryCount);
  },
};

export function retryDelay(attempt: number): number {
  const base = RETRY_STEPS_MS[attempt] ?? RETRY_CAP_MS;
  return base + Math.floor(Math.random() * 400);
}

/** Connection trouble is expected (the banner shows it): log it as warnings, not console errors. */
const quietLogger: ILogger = {
  log(level: LogLevel, message: string): void {
    if (level >= LogLevel.Warning) console.warn(`[hub] ${message}`);
  },
};

export interface ConnectionCallbacks {
  onStatus(status: ConnectionStatus, error?: Error): void;
  /** After the first connect and every reconnect: the moment to Sync. */
  onConnected(): void;
  /** The server closed this connection because the session ended (signed out, account closed): don't reconnect. */
  onSessionEnded?(reason: string): void;
}

type Handler = (payload: never) => void;

/** The hub connection: the only place that talks to /hubs/chat. Uses the session cookie (same origin). */
export class ChatConnection {
  private readonly hub: HubConnection;
  /** No restart wanted: stop() was called, or the server ended the session. */
  private stopped = false;
  /** stop() was called (signing out, the page going away): the close that follows is not news to anyone. */
  private stoppedOnPurpose = false;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private restartAttempt = 0;

  constructor(private readonly callbacks: ConnectionCallbacks) {
    this.hub = new HubConnectionBuilder()
      .withUrl("/hubs/chat")
      .withAutomaticReconnect(foreverRetry)
      .configureLogging(quietLogger)
      .build();
    this.hub.onreconnecting((e) => callbacks.onStatus("reconnecting", e));
    this.hub.onreconnected(() => {
      callbacks.onStatus("connected");
      callbacks.onConnected();
    });
    this.hub.on(HubEvents.SessionEnded, (ended: { reason: string }) => {
      // Stop before the server's close arrives, so no reconnect is tried with credentials that no longer work.
      this.stopped = true;
      void this.hub.stop();
      callbacks.onSessionEnded?.(ended.reason);
    });
    this.hub.onclose((e) => {
      if (!this.stoppedOnPurpose) callbacks.onStatus("disconnected", e);
      if (!this.stopped) this.scheduleRestart();
    });
  }

  on<T>(event: HubEventName, handler: (payload: T) => void): void {
    this.hub.on(event, handler as Handler);
  }

  get status(): HubConnectionState {
    return this.hub.state;
  }

  get isConnected(): boolean {
    return this.hub.state === HubConnectionState.Connected;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.stoppedOnPurpose = false;
    this.callbacks.onStatus("connecting");
    try {
      await this.hub.start();
      this.restartAttempt = 0;
      this.callbacks.onStatus("connected");
      this.callbacks.onConnected();
    } catch (e) {
      if (!this.stoppedOnPurpose) this.callbacks.onStatus("disconnected", e as Error);
      if (!this.stopped) this.scheduleRestart();
    }
  }

  /** The automatic reconnect gave up or the server closed the connection: start over with a capped backoff. */
  private scheduleRestart(): void {
    if (this.restartTimer) return;
    const delay = retryDelay(1 + this.restartAttempt++);
    this.callbacks.onStatus("reconnecting");
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped && this.hub.state === HubConnectionState.Disconnected) void this.start();
    }, delay);
  }

  /** Try now (e.g. the browser came back online). */
  nudge(): void {
    if (this.restartTimer && this.hub.state === HubConnectionState.Disconnected) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
      void this.start();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stoppedOnPurpose = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    await this.hub.stop();
  }

  sendMessage(roomId: Guid, message: SendMessageRequest): Promise<MessageDto> {
    return this.hub.invoke<MessageDto>(HubMethods.SendMessage, roomId, message);
  }
  editMessage(messageId: Guid, text: string): Promise<MessageDto> {
    return this.hub.invoke<MessageDto>(HubMethods.EditMessage, messageId, { text });
  }
  deleteMessage(messageId: Guid): Promise<MessageDto> {
    return this.hub.invoke<MessageDto>(HubMethods.DeleteMessage, messageId);
  }
  toggleReaction(messageId: Guid, emoji: string): Promise<ReactionsChangedEvent> {
    return this.hub.invoke<ReactionsChangedEvent>(HubMethods.ToggleReaction, messageId, emoji);
  }
  markRead(roomId: Guid, seq: number): Promise<ReadEvent> {
    return this.hub.invoke<ReadEvent>(HubMethods.MarkRead, roomId, seq);
  }
  typing(roomId: Guid): Promise<void> {
    return this.hub.invoke(HubMethods.Typing, roomId);
  }
  stopTyping(roomId: Guid): Promise<void> {
    return this.hub.invoke(HubMethods.StopTyping, roomId);
  }
  setPresence(status: ChosenPresence): Promise<void> {
    return this.hub.invoke(HubMethods.SetPresence, status);
  }
  setIdle(idle: boolean): Promise<void> {
    return this.hub.invoke(HubMethods.SetIdle, idle);
  }
  getPresence(userIds: Guid[]): Promise<PresenceDto[]> {
    return this.hub.invoke<PresenceDto[]>(HubMethods.GetPresence, userIds);
  }
  sync(sinceRevs: Record<Guid, number>): Promise<ChangesPage[]> {
    return this.hub.invoke<ChangesPage[]>(HubMethods.Sync, sinceRevs);
  }
  /** My whole choice in a poll (empty: no vote); the answer carries the results and `mine`. */
  votePoll(messageId: Guid, optionIds: Guid[]): Promise<PollChangedEvent> {
    return this.hub.invoke<PollChangedEvent>(HubMethods.VotePoll, messageId, optionIds);
  }
  closePoll(messageId: Guid): Promise<PollChangedEvent> {
    return this.hub.invoke<PollChangedEvent>(HubMethods.ClosePoll, messageId);
  }

  // ---- calls (issue 19) ----
  startCall(roomId: Guid, video: boolean): Promise<CallDto> {
    return this.hub.invoke<CallDto>(HubMethods.StartCall, roomId, video);
  }
  joinCall(callId: Guid): Promise<CallDto> {
    return this.hub.invoke<CallDto>(HubMethods.JoinCall, callId);
  }
  declineCall(callId: Guid): Promise<void> {
    return this.hub.invoke(HubMethods.DeclineCall, callId);
  }
  leaveCall(callId: Guid): Promise<void> {
    return this.hub.invoke(HubMethods.LeaveCall, callId);
  }
  endCall(callId: Guid): Promise<void> {
    return this.hub.invoke(HubMethods.EndCall, callId);
  }
  signalCall(callId: Guid, toParticipantId: Guid, kind: CallSignalKind, payload: string): Promise<void> {
    return this.hub.invoke(HubMethods.SignalCall, callId, toParticipantId, kind, payload);
  }
  updateCallMedia(callId: Guid, change: CallMediaChange): Promise<void> {
    return this.hub.invoke(HubMethods.UpdateCallMedia, callId, change);
  }
  muteCallParticipant(callId: Guid, userId: Guid): Promise<void> {
    return this.hub.invoke(HubMethods.MuteCallParticipant, callId, userId);
  }
  removeCallParticipant(callId: Guid, userId: Guid): Promise<void> {
    return this.hub.invoke(HubMethods.RemoveCallParticipant, callId, userId);
  }
  getActiveCall(roomId: Guid): Promise<CallDto | null> {
    return this.hub.invoke<CallDto | null>(HubMethods.GetActiveCall, roomId);
  }
  getMyCalls(): Promise<CallDto[]> {
    return this.hub.invoke<CallDto[]>(HubMethods.GetMyCalls);
  }
  /** My publisher connection's offer (first or renegotiated) → the media server's answer. */
  sfuPublish(callId: Guid, sdp: string, descriptions: SfuDescription[]): Promise<{ sdp: string }> {
    return this.hub.invoke<{ sdp: string }>(HubMethods.SfuPublish, callId, sdp, descriptions);
  }
  sfuAnswer(callId: Guid, sdp: string): Promise<void> {
    return this.hub.invoke(HubMethods.SfuAnswer, callId, sdp);
  }
  /** `candidate`: the RTCIceCandidate JSON, or null at the end of candidates. */
  sfuCandidate(callId: Guid, target: SfuTarget, candidate: string | null): Promise<void> {
    return this.hub.invoke(HubMethods.SfuCandidate, callId, target, candidate);
  }
  /** Asks for an ICE-restart offer on my subscriber connection (it comes as SfuOffer). */
  sfuRestart(callId: Guid): Promise<void> {
    return this.hub.invoke(HubMethods.SfuRestart, callId);
  }
}

export { HubEvents };
