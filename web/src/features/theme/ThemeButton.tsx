import { useState } from "react";
import { Icon } from "../../components/Icon";
import { loadThemeChoice, nextTheme, saveThemeChoice, systemPrefersDark, type ThemeChoice } from "./theme";

const LABEL: Record<ThemeChoice, string> = { system: "System", light: "Light", dark: "Dark" };

/** The "Theme" switch: system → other look → the system's look forced → system (remembered). */
export function ThemeButton() {
  const [choice, setChoice] = useState<ThemeChoice>(loadThemeChoice);
  return (
    <button
      type="button"
      className="icon-button"
      aria-label="Theme"
      title={`Theme: ${LABEL[choice]} (click to change)`}
      data-theme-choice={choice}
      onClick={() => {
        const next = nextTheme(choice, systemPrefersDark());
        saveThemeChoice(next);
        setChoice(next);
      }}
    >
      <Icon name="theme" />
    </button>
  );
}
