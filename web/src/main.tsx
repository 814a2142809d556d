import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { applyTheme, loadThemeChoice } from "./features/theme/theme";
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
import "./styles/pins.css";

applyTheme(loadThemeChoice());

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
