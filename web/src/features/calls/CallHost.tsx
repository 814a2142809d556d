import { useEffect, useRef, useState } from "react";
import { Icon } from "../../components/Icon";
import type { Guid } from "../../api/types";
import { CallView } from "./CallView";
import { IncomingCall } from "./IncomingCall";
import { useCallStore, useCalls } from "./useCalls";

/**
 * Everything about calls outside the room view (rendered once in the shell, so it stays while browsing): the
 * incoming-call dialog, the call view (full or minimised), the remote audio, and the call's messages.
 */
export function CallHost() {
  const calls = useCallStore();
  const incoming = useCalls((s) => s.calls.incoming[0]);
  const active = useCalls((s) => s.calls.active);
  const error = useCalls((s) => s.calls.error);
  const ended = useCalls((s) => s.calls.ended);
  const [endShown, setEndShown] = useState<string | null>(null);
  useEffect(() => {
    if (!ended) return;
    setEndShown(ended.callId);
    const t = setTimeout(() => setEndShown(null), 6000);
    return () => clearTimeout(t);
  }, [ended]);

  // M: mute, V: camera (not while typing).
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      if (document.querySelector("[role='dialog']")) return;
      const key = e.key.toLowerCase();
      if (key === "m") calls.toggleMute();
      else if (key === "v") void calls.toggleCamera();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [active, calls]);

  useEffect(() => {
    if (!error) return;
    const t = setTimeout(() => calls.clearError(), 8000);
    return () => clearTimeout(t);
  }, [error, calls]);

  return (
    <>
      {incoming && !active && <IncomingCall key={incoming.id} call={incoming} />}
      {active && <CallView active={active} />}
      {active && <RemoteAudio />}
      {error && (
        <div className="toast call-toast" role="alert">
          <span>{error}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => calls.clearError()}><Icon name="close" size={16} /></button>
        </div>
      )}
      {!active && ended && endShown === ended.callId && <div className="call-ended" role="status">{ended.text}</div>}
    </>
  );
}

/** The others' voices: one <audio> each, playing through the chosen speaker, whatever view is shown. */
function RemoteAudio() {
  const calls = useCallStore();
  const call = useCalls((s) => s.calls.active?.call);
  useCalls((s) => s.streams);
  const ids = (call?.participants ?? []).filter((p) => p.participantId && p.state === "joined").map((p) => p.participantId!);
  return (
    <div className="call-audio" aria-hidden="true">
      {ids.map((id) => {
        const stream = calls.remoteMedia(id)?.audio;
        return stream ? <Voice key={id} id={id} stream={stream} /> : null;
      })}
    </div>
  );
}

function Voice({ id, stream }: { id: Guid; stream: MediaStream }) {
  const ref = useRef<HTMLAudioElement>(null);
  const speaker = useCalls((s) => s.chosen.speaker);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = stream;
    void el.play().catch(() => undefined);
  }, [stream]);
  useEffect(() => {
    const el = ref.current as (HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (el?.setSinkId && speaker) void el.setSinkId(speaker).catch(() => undefined);
  }, [speaker]);
  return <audio ref={ref} autoPlay data-participant={id} />;
}
