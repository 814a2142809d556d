import type { MessageDto } from "../api/types";

/** A message for tests. */
export function msg(seq: number, rev: number = seq, extra: Partial<MessageDto> = {}): MessageDto {
  return {
    id: `m${seq}`, roomId: "r1", seq, rev, senderId: "u2", kind: "text", text: `hello ${seq}`,
    clientMessageId: `c${seq}`, replyToId: null, replyTo: null,
    createdAt: new Date(Date.UTC(2026, 10, 22, 10, seq)).toISOString(),
    editedAt: null, deletedAt: null, reactions: [], files: [], ...extra,
  };
}
