import { memo, useCallback, useEffect, useRef, useState } from "react";
import type { FileDto } from "../../api/types";
import { displayBox, downloadUrl, fileBadge, fileFamily, formatDuration, humanSize } from "../../lib/files";
import { Icon } from "../../components/Icon";
import { Lightbox } from "./Lightbox";

interface Props {
  files: readonly FileDto[];
}

/** A recorded voice message: the server marks it when the recorder uploads it. */
export function isVoiceMessage(f: FileDto): boolean {
  return f.kind === "audio" && f.voice;
}

/**
 * A message's attachments: pictures inline in a box reserved from their size (no jump when they load), a click
 * opens the lightbox; video and audio play inline; anything else is a card with a download button.
 * File names are always text, never markup.
 */
export const Attachments = memo(function Attachments({ files }: Props) {
  const [open, setOpen] = useState<number | null>(null);
  const images = files.filter((f) => f.kind === "image");
  const media = files.filter((f) => f.kind === "video" || f.kind === "audio");
  const others = files.filter((f) => f.kind === "file");
  const single = images.length === 1;
  const close = useCallback(() => setOpen(null), []);
  if (files.length === 0) return null;
  return (
    <div className="attachments">
      {images.length > 0 && (
        <div className={`attachment-images ${single ? "single" : "grid"}`}>
          {images.map((f, i) => {
            const box = single ? displayBox(f.width, f.height, 400, 320) : displayBox(f.width, f.height, 220, 200, 96);
            return (
              <button key={f.id} type="button" className="attachment-image" aria-label={`Open picture ${f.name}`}
                title={f.name} style={{ width: box.width, aspectRatio: `${box.width} / ${box.height}` }} onClick={() => setOpen(i)}>
                <img src={f.thumbnailUrl ?? f.url} alt={f.name} loading="lazy" decoding="async" draggable={false} />
              </button>
            );
          })}
        </div>
      )}
      {media.map((f) => (f.kind === "video" ? <VideoPlayer key={f.id} file={f} /> : <AudioPlayer key={f.id} file={f} />))}
      {others.map((f) => <FileCard key={f.id} file={f} />)}
      {open !== null && images.length > 0 && <Lightbox images={images} index={Math.min(open, images.length - 1)} onIndex={setOpen} onClose={close} />}
    </div>
  );
});

function VideoPlayer({ file: f }: { file: FileDto }) {
  const box = displayBox(f.width, f.height, 480, 320, 120);
  return (
    <div className="attachment-video" style={{ width: box.width, aspectRatio: `${box.width} / ${box.height}` }}>
      <video src={f.url} poster={f.thumbnailUrl ?? undefined} controls preload="metadata" playsInline aria-label={`Video ${f.name}`} />
    </div>
  );
}

/**
 * Native controls. Recordings made by MediaRecorder (WebM) carry no duration, so Chromium reports Infinity and
 * can't seek: jumping to the end once makes it read the length (the usual fix), then playback starts from 0.
 */
function AudioPlayer({ file: f }: { file: FileDto }) {
  const ref = useRef<HTMLAudioElement>(null);
  const voice = isVoiceMessage(f);
  // The player's own length once it knows it (the uploaded one is the recorder's clock, a little longer), so both agree.
  const [mediaMs, setMediaMs] = useState<number | null>(null);
  const durationMs = mediaMs ?? f.durationMs;
  const label = voice ? `Voice message, ${formatDuration(durationMs ?? 0)}` : `${f.name}${durationMs ? `, ${formatDuration(durationMs)}` : ""}`;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let probing = false;
    const onMeta = () => {
      if (el.duration === Number.POSITIVE_INFINITY) {
        probing = true;
        el.currentTime = 1e101;
      }
    };
    const onDuration = () => {
      if (Number.isFinite(el.duration) && el.duration > 0) setMediaMs(el.duration * 1000);
      if (probing && Number.isFinite(el.duration)) {
        probing = false;
        el.currentTime = 0;
      }
    };
    el.addEventListener("loadedmetadata", onMeta);
    el.addEventListener("loadedmetadata", onDuration);
    el.addEventListener("durationchange", onDuration);
    return () => {
      el.removeEventListener("loadedmetadata", onMeta);
      el.removeEventListener("loadedmetadata", onDuration);
      el.removeEventListener("durationchange", onDuration);
    };
  }, []);
  return (
    <div className={`attachment-audio ${voice ? "voice" : ""}`}>
      <span className="attachment-audio-icon" aria-hidden="true"><Icon name={voice ? "mic" : "file"} size={18} /></span>
      <div className="attachment-audio-body">
        <span className="attachment-audio-label">{label}</span>
        <audio ref={ref} src={f.url} controls preload="metadata" aria-label={label} />
      </div>
      {!voice && (
        <a className="icon-button" href={downloadUrl(f.url)} download={f.name} aria-label={`Download ${f.name}`} title="Download">
          <Icon name="download" size={18} />
        </a>
      )}
    </div>
  );
}

function FileCard({ file: f }: { file: FileDto }) {
  return (
    <div className="file-card" data-family={fileFamily(f.name, f.contentType)}>
      <span className="file-card-icon" aria-hidden="true">{fileBadge(f.name, f.contentType)}</span>
      <span className="file-card-info">
        <span className="file-card-name" title={f.name}>{f.name}</span>
        <span className="file-card-meta">{humanSize(f.size)}</span>
      </span>
      <a className="icon-button file-card-download" href={downloadUrl(f.url)} download={f.name} aria-label={`Download ${f.name}`} title="Download">
        <Icon name="download" size={18} />
      </a>
    </div>
  );
}
