import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { applyTheme, loadThemeChoice } from "./features/theme/theme";
import { installTrustedTypes } from "./lib/trustedTypes";
import { registerAppWorker } from "./features/shell/updateStore";
import "./styles/base.css";
import "./styles/auth.css";
import "./styles/shell.css";
import "./styles/timeline.css";
import "./styles/composer.css";
import "./styles/dialogs.css";
import "./styles/files.css";
import "./styles/attention.css";
import "./styles/search.css";
import "./styles/calls.css";
import "./styles/code.css";
import "./styles/previews.css";
import "./styles/pins.css";
import "./styles/threads.css";
import "./styles/polls.css";
import "./styles/emoji.css";
import "./styles/scheduling.css";
import "./styles/sidebar.css";
import "./styles/security.css";

// The one Trusted Types policy exists before anything renders (the CSP requires it for every HTML sink).
installTrustedTypes();
applyTheme(loadThemeChoice());
// The service worker caches the app shell (Parley opens offline) and tells of new versions; signed in or not.
void registerAppWorker();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
