import { describe, expect, it } from "vitest";
import type { SfuStreamDto } from "../../api/types";
import type { Slot } from "./negotiation";
import { combinedStatus, deliveriesOf, diffDeliveries, publishDescriptions, slotOf } from "./sfuStreams";

const track = (id: string) => ({ id }) as unknown as MediaStreamTrack;
const stream = (mid: string, participantId: string, kind: "audio" | "video", description: string | null, active = true): SfuStreamDto =>
  ({ mid, participantId, userId: `u-${participantId}`, kind, description, active });

describe("sfu streams", () => {
  it("describes my publisher's transceivers to Janus by their mids, leaving out one not offered yet", () => {
    const sending: [Slot, { mid: string | null }][] = [["audio", { mid: "0" }], ["camera", { mid: "1" }], ["screen", { mid: null }]];
    expect(publishDescriptions(sending)).toEqual([{ mid: "0", description: "microphone" }, { mid: "1", description: "camera" }]);
  });

  it("plays a received stream in the slot its description names, else by its kind", () => {
    expect(slotOf({ kind: "video", description: "screen" })).toBe("screen");
    expect(slotOf({ kind: "video", description: "camera" })).toBe("camera");
    expect(slotOf({ kind: "audio", description: "microphone" })).toBe("audio");
    expect(slotOf({ kind: "video", description: null })).toBe("camera");
    expect(slotOf({ kind: "audio", description: undefined })).toBe("audio");
  });

  it("maps each mid of an active stream to its participant and slot; inactive ones and unknown mids carry nothing", () => {
    const streams = new Map([
      ["0", stream("0", "pa", "audio", "microphone")],
      ["1", stream("1", "pa", "video", "screen")],
      ["2", stream("2", "pb", "audio", null, false)],
      ["3", { ...stream("3", "pd", "audio", null), participantId: null }],
    ]);
    const got = deliveriesOf(streams, [
      { mid: "0", track: track("t0") }, { mid: "1", track: track("t1") }, { mid: "2", track: track("t2") }, { mid: "3", track: track("t3") }, { mid: null, track: track("t4") },
    ]);
    expect([...got.entries()].map(([mid, d]) => [mid, d.participantId, d.slot, (d.track as unknown as { id: string }).id]))
      .toEqual([["0", "pa", "audio", "t0"], ["1", "pa", "screen", "t1"]]);
  });

  it("between two offers: a new feed is added, a gone one removed, and a mid given to another feed moves its track", () => {
    const t0 = track("t0"), t1 = track("t1"), t2 = track("t2");
    const before = new Map([
      ["0", { participantId: "pa", slot: "audio" as Slot, track: t0 }],
      ["1", { participantId: "pb", slot: "audio" as Slot, track: t1 }],
    ]);
    const after = new Map([
      ["0", { participantId: "pa", slot: "audio" as Slot, track: t0 }],
      ["1", { participantId: "pc", slot: "audio" as Slot, track: t1 }],
      ["2", { participantId: "pc", slot: "camera" as Slot, track: t2 }],
    ]);
    const { added, removed } = diffDeliveries(before, after);
    expect(removed.map((d) => d.participantId)).toEqual(["pb"]);
    expect(added.map((d) => [d.participantId, d.slot])).toEqual([["pc", "audio"], ["pc", "camera"]]);
    expect(diffDeliveries(after, after)).toEqual({ added: [], removed: [] });
  });

  it("says the worse state of my two connections; the subscriber counts once it exists", () => {
    expect(combinedStatus("connected", null)).toBe("connected");
    expect(combinedStatus("connected", "connected")).toBe("connected");
    expect(combinedStatus("connected", "new")).toBe("connecting");
    expect(combinedStatus("connected", "disconnected")).toBe("disconnected");
    expect(combinedStatus("failed", "disconnected")).toBe("failed");
    expect(combinedStatus("closed", "closed")).toBe("closed");
  });
});
