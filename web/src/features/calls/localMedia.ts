import type { LocalTracks } from "./negotiation";

/** A readable sentence for a getUserMedia/getDisplayMedia failure. */
export function mediaErrorText(e: unknown, what: "microphone" | "camera" | "screen"): string {
  const name = e instanceof DOMException || e instanceof Error ? e.name : "";
  if (what === "screen" && name === "NotAllowedError") return "Screen sharing was cancelled or blocked.";
  if (name === "NotAllowedError" || name === "SecurityError") {
    return `Parley can't use your ${what}: the browser blocked it. Allow it in the site settings and try again.`;
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") return `No ${what} was found.`;
  if (name === "NotReadableError") return `Your ${what} is in use by another app.`;
  if (typeof navigator !== "undefined" && !navigator.mediaDevices) return "Calls need a secure (https) connection.";
  return `Your ${what} could not be started.`;
}

/** My microphone, camera and screen for the call; what they send goes through the mesh's setTrack. */
export class LocalMedia {
  mic: MediaStreamTrack | null = null;
  camera: MediaStreamTrack | null = null;
  screen: MediaStreamTrack | null = null;
  muted = false;

  tracks = (): LocalTracks => ({ audio: this.mic, camera: this.camera, screen: this.screen });

  /** Opens the microphone (and camera): returns the sentences for what failed (the call goes on without it). */
  async open(video: boolean, micId?: string, cameraId?: string): Promise<string[]> {
    const errors: string[] = [];
    const devices = navigator.mediaDevices;
    if (!devices?.getUserMedia) return ["Calls need a secure (https) connection."];
    try {
      this.mic = (await devices.getUserMedia({ audio: micId ? { deviceId: { exact: micId } } : true })).getAudioTracks()[0] ?? null;
    } catch (e) {
      errors.push(mediaErrorText(e, "microphone"));
    }
    if (video) {
      const err = await this.startCamera(cameraId);
      if (err) errors.push(err);
    }
    this.setMuted(this.muted || !this.mic);
    return errors;
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    if (this.mic) this.mic.enabled = !muted;
  }

  /** Switches the microphone; the new track keeps the mute. */
  async switchMic(deviceId: string): Promise<MediaStreamTrack> {
    const track = (await navigator.mediaDevices.getUserMedia({ audio: { deviceId: { exact: deviceId } } })).getAudioTracks()[0]!;
    this.mic?.stop();
    this.mic = track;
    this.setMuted(this.muted);
    return track;
  }

  async startCamera(deviceId?: string): Promise<string | null> {
    try {
      const track = (await navigator.mediaDevices.getUserMedia({ video: deviceId ? { deviceId: { exact: deviceId } } : true })).getVideoTracks()[0] ?? null;
      this.camera?.stop();
      this.camera = track;
      return null;
    } catch (e) {
      return mediaErrorText(e, "camera");
    }
  }

  stopCamera(): void {
    this.camera?.stop();
    this.camera = null;
  }

  async startScreen(onEnded: () => void): Promise<string | null> {
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      const track = stream.getVideoTracks()[0] ?? null;
      if (!track) return "Nothing was shared.";
      track.onended = onEnded;
      this.screen = track;
      return null;
    } catch (e) {
      return mediaErrorText(e, "screen");
    }
  }

  stopScreen(): void {
    if (this.screen) this.screen.onended = null;
    this.screen?.stop();
    this.screen = null;
  }

  close(): void {
    this.mic?.stop();
    this.stopCamera();
    this.stopScreen();
    this.mic = null;
    this.muted = false;
  }
}
