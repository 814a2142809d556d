import { describe, expect, it, vi } from "vitest";
import { buildEmojiIndex } from "../../lib/emoji";
import { fakeStore, press, render, typeInto, WithStore } from "../../lib/testDom";
import { Composer } from "./Composer";

const me = { id: "me", userName: "me", displayName: "Me", statusText: "", bio: "", timeZone: "", avatarUrl: null, createdAt: "2026-11-22T00:00:00Z" };
const emoji = buildEmojiIndex([{ emoji: "😄", annotation: "smile", shortcodes: ["smile"], group: 0 }]);

describe("Composer", () => {
  it("turns :shortcodes: into emoji, but not inside code", () => {
    const onSend = vi.fn();
    const { store } = fakeStore({ me, users: {}, emoji });
    const view = render(
      <WithStore store={store}>
        <Composer roomId="r1" placeholder="Message" replyTo={null} disabled={false}
          onCancelReply={() => undefined} onSent={() => undefined} onEditLast={() => undefined} onSend={onSend} />
      </WithStore>,
    );
    const box = view.container.querySelector("textarea")!;
    typeInto(box, "nice :smile: but `:smile:` stays\n```\n:smile:\n```");
    press(box, "Enter");
    expect(onSend).toHaveBeenCalledWith("nice 😄 but `:smile:` stays\n```\n:smile:\n```");
    view.unmount();
  });
});
