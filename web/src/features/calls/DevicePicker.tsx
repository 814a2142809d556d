import { useId, useState } from "react";
import { Icon } from "../../components/Icon";
import type { DeviceChoice } from "./callStore";
import { useCallStore, useCalls } from "./useCalls";

const KINDS: { kind: keyof DeviceChoice; device: MediaDeviceKind; label: string }[] = [
  { kind: "mic", device: "audioinput", label: "Microphone" },
  { kind: "camera", device: "videoinput", label: "Camera" },
  { kind: "speaker", device: "audiooutput", label: "Speaker" },
];

/** Microphone, camera and speaker; a choice switches at once during the call. */
export function DevicePicker() {
  const calls = useCallStore();
  const devices = useCalls((s) => s.devices);
  const chosen = useCalls((s) => s.chosen);
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="call-devices">
      <button type="button" aria-expanded={open} aria-controls={id} title="Devices"
        onClick={() => { if (!open) void calls.loadDevices(); setOpen(!open); }}>
        <Icon name="settings" size={18} /><span className="visually-hidden">Devices</span>
      </button>
      {open && (
        <div id={id} className="call-devices-panel" role="group" aria-label="Devices">
          {KINDS.map(({ kind, device, label }) => {
            const list = devices.filter((d) => d.kind === device && d.deviceId);
            return (
              <label key={kind}>
                {label}
                <select value={chosen[kind] ?? ""} disabled={!list.length}
                  onChange={(e) => void calls.chooseDevice(kind, e.target.value)}>
                  <option value="" disabled>{list.length ? "Default" : "None found"}</option>
                  {list.map((d, i) => <option key={d.deviceId} value={d.deviceId}>{d.label || `${label} ${i + 1}`}</option>)}
                </select>
              </label>
            );
          })}
        </div>
      )}
    </div>
  );
}
