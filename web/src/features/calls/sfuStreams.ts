import type { Guid, SfuDescription, SfuMediaDescription, SfuStreamDto } from "../../api/types";
import type { PeerStatus } from "./callState";
import type { Slot } from "./negotiation";

/** How Janus's `descriptions` name what each of my slots sends. */
const DESCRIPTION: Record<Slot, SfuMediaDescription> = { audio: "microphone", camera: "camera", screen: "screen" };

/** `[{ mid, description }]` for SfuPublish: my publisher's transceivers by slot (those without a mid yet are left out). */
export function publishDescriptions(sending: Iterable<[Slot, { mid: string | null }]>): SfuDescription[] {
  const out: SfuDescription[] = [];
  for (const [slot, t] of sending) if (t.mid !== null) out.push({ mid: t.mid, description: DESCRIPTION[slot] });
  return out;
}

/** The slot a received stream plays in: by its description, else by its kind (a video without one is a camera). */
export function slotOf(stream: Pick<SfuStreamDto, "kind" | "description">): Slot {
  if (stream.description === "screen") return "screen";
  if (stream.description === "microphone") return "audio";
  if (stream.description === "camera") return "camera";
  return stream.kind === "audio" ? "audio" : "camera";
}

/** A received track handed to a participant's tile: whose, in which slot. */
export interface Delivery {
  participantId: Guid;
  slot: Slot;
  track: MediaStreamTrack;
}

/** What my subscriber connection carries after an offer: for each mid of an active stream, its track and owner. */
export function deliveriesOf(
  streams: ReadonlyMap<string, SfuStreamDto>,
  receivers: Iterable<{ mid: string | null; track: MediaStreamTrack | null }>,
): Map<string, Delivery> {
  const out = new Map<string, Delivery>();
  for (const r of receivers) {
    const s = r.mid === null ? undefined : streams.get(r.mid);
    if (s?.active && s.participantId && r.track && r.mid !== null) out.set(r.mid, { participantId: s.participantId, slot: slotOf(s), track: r.track });
  }
  return out;
}

/**
 * What changed between two offers: tracks whose owner or slot is new (hand them to the tile) and ones to take away (the
 * publisher left, or Janus gave the mid to another feed: the same track object then carries someone else's media).
 */
export function diffDeliveries(before: ReadonlyMap<string, Delivery>, after: ReadonlyMap<string, Delivery>): { added: Delivery[]; removed: Delivery[] } {
  const same = (a: Delivery, b: Delivery) => a.participantId === b.participantId && a.slot === b.slot && a.track === b.track;
  const added: Delivery[] = [];
  const removed: Delivery[] = [];
  for (const [mid, d] of before) {
    const now = after.get(mid);
    if (!now || !same(d, now)) removed.push(d);
  }
  for (const [mid, d] of after) {
    const was = before.get(mid);
    if (!was || !same(was, d)) added.push(d);
  }
  return { added, removed };
}

/**
 * One status for my two connections to the media server (the call view shows "Reconnecting…" from it): the worse of
 * the two; the subscriber doesn't count before its first offer (alone in the call there's nothing to receive).
 */
export function combinedStatus(publisher: PeerStatus, subscriber: PeerStatus | null): PeerStatus {
  const all = subscriber === null ? [publisher] : [publisher, subscriber];
  if (all.includes("failed")) return "failed";
  if (all.includes("disconnected")) return "disconnected";
  if (all.includes("new") || all.includes("connecting")) return "connecting";
  return all.every((s) => s === "closed") ? "closed" : "connected";
}
